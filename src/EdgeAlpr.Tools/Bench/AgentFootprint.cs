using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.FileSystem;
using EdgeAlpr.HotLists;
using EdgeAlpr.Tools.Demo;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Tools.Bench;

/// <summary>
/// The agent's memory as a unit runs it: <c>edge-alpr run</c> as a process of its own on the clip with one camera, a
/// platform hot list of millions of entries (signed, with the clip's listed plates among them), the store and the
/// uplink to the in-process broker; its peak resident set (VmHWM) at the first start, which parses the signed list,
/// and at a restart, which reads the kept copy.
/// </summary>
internal static class AgentFootprint
{
    public static async Task<IReadOnlyList<FootprintResult>> RunAsync(
        string folder,
        string clip,
        IReadOnlyList<string> listed,
        int entries,
        CancellationToken cancellationToken
    )
    {
        Directory.CreateDirectory(folder);
        string publicKey = Path.Combine(folder, "platform.pub.pem");
        WriteSignedList(Path.Combine(folder, "hotlist"), publicKey, listed, entries);
        // An empty settings file: run --config as on a unit, and no /etc/edge-alpr/edge-alpr.json of this machine's.
        string config = Path.Combine(folder, "edge-alpr.json");
        DurableFile.Write(config, "{}"u8.ToArray());
        var results = new List<FootprintResult>();
        foreach (string scenario in new[] { "footprint_first_start", "footprint_restart" })
        {
            await Console.Error.WriteLineAsync($"edge-alpr: bench agent: {scenario} ({entries} listed)…").ConfigureAwait(false);
            AgentProcessOutcome? agent = null;
            var session = new DemoSession
            {
                RunAgent = async (settings, ct) =>
                {
                    agent = await AgentProcess.RunAsync(config, settings, ct).ConfigureAwait(false);
                    return agent.ExitCode;
                },
            };
            var extra = new Dictionary<string, string?>
            {
                ["HotList:PublicKeyPath"] = publicKey,
                ["Logging:LogLevel:Default"] = nameof(LogLevel.Error),
            };
            DemoOutcome outcome = await session
                .RunAsync(folder, clip, [], sound: false, LogLevel.Error, extra, null, cancellationToken)
                .ConfigureAwait(false);
            if (agent is null || outcome.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"the agent's {scenario} run failed (exit {outcome.ExitCode}): {LastLines(agent?.Stderr ?? "", 5)}"
                );
            }

            results.Add(
                new FootprintResult(
                    scenario,
                    entries + listed.Count,
                    outcome.ReadsReceived,
                    outcome.HitsReceived,
                    Megabytes(agent.PeakRss),
                    Megabytes(agent.AnonymousAtPeak),
                    Megabytes(agent.FileAtPeak),
                    WireJson.Round(outcome.Seconds, 1)
                )
            );
        }

        return results;
    }

    private static double Megabytes(long bytes) => WireJson.Round(bytes / 1e6, 1);

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));

    /// <summary>
    /// A platform's full list as a unit keeps it on arrival: generated entries and the clip's listed plates, signed for
    /// the demo's agency with a key made for the run. The bytes are unreachable once this returns.
    /// </summary>
    private static void WriteSignedList(string directory, string publicKeyPath, IReadOnlyList<string> listed, int entries)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(publicKeyPath, key.ExportSubjectPublicKeyInfoPem());
        var payload = new MemoryStream();
        using (var writer = new StreamWriter(payload, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            new SyntheticHotList(seed: 23).WriteCsv(writer, entries, wildcards: 0, DateTimeOffset.UtcNow, sampleSize: 0);
            string category = HotListCategories.WireName(HotListCategory.StolenVehicle);
            for (int i = 0; i < listed.Count; i++)
            {
                writer.Write($"{listed[i]},,{category},NCIC,V{100_000_000 + i},,,\n");
            }
        }

        byte[] signed = SignedUpdate.Create(
            UpdateKind.Full,
            DemoSession.Agency,
            1,
            null,
            DateTimeOffset.UtcNow,
            payload.GetBuffer().AsSpan(0, (int)payload.Length),
            key
        );
        new HotListStore(directory).SaveFull(signed);
    }
}

/// <summary>One run of the agent as a process of its own, with the large list.</summary>
/// <param name="Scenario">footprint_first_start (the signed list parsed) or footprint_restart (its kept copy read).</param>
/// <param name="HotListEntries">Entries in the list.</param>
/// <param name="DeliveredReads">Reads the central side received.</param>
/// <param name="DeliveredHits">Hits the central side received.</param>
/// <param name="PeakRssMb">The agent's peak resident set (VmHWM), MB.</param>
/// <param name="RssAnonMbAtPeak">Its private part at the largest sample, MB.</param>
/// <param name="RssFileMbAtPeak">Its mapped-file part at the largest sample, MB.</param>
/// <param name="Seconds">How long the run took.</param>
internal sealed record FootprintResult(
    string Scenario,
    int HotListEntries,
    int DeliveredReads,
    int DeliveredHits,
    double PeakRssMb,
    double RssAnonMbAtPeak,
    double RssFileMbAtPeak,
    double Seconds
);
