using System.Diagnostics;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// Power-cut safety as far as a test can reach: a child process stores reads as fast as it can
/// and is killed with SIGKILL at a random moment, twenty times over the same store. After each
/// kill the store opens, and every read the child had reported durable is there with intact images.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StoreCrashTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-alpr-crash-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Every_read_reported_stored_survives_a_SIGKILL_twenty_times_over()
    {
        string storeDir = Path.Combine(_work, "store");
        string key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var random = new Random(6);
        var everStored = new HashSet<Guid>();
        for (int round = 0; round < 20; round++)
        {
            List<Guid> reported = await RunAndKillAsync(storeDir, key, TimeSpan.FromMilliseconds(random.Next(150, 900)));
            everStored.UnionWith(reported);

            var options = new StoreOptions
            {
                Directory = storeDir,
                KeyVariable = "UNUSED_IN_TEST",
                MinFreeMegabytes = 0,
            };
            await using EvidenceStore store = EvidenceStore.Open(
                options,
                KeyFromText(key, storeDir),
                TimeProvider.System,
                NullLogger.Instance,
                create: false
            );
            foreach (Guid id in everStored)
            {
                StoredRead read = store.Reads.FindRead(id)
                    ?? throw new Xunit.Sdk.XunitException($"round {round}: read {id} was reported stored but is gone after SIGKILL");
                foreach (StoredImage image in read.Images)
                {
                    Assert.Equal(image.Bytes, store.Reads.ReadImage(image.Sha256).Length);
                }
            }
        }

        Assert.True(everStored.Count > 100, $"the child stored only {everStored.Count} reads in 20 runs");
    }

    private static StoreKey KeyFromText(string key, string folder)
    {
        return StoreKey.FromFile(StoreKeyFile.Write(Path.Combine(Path.GetDirectoryName(folder)!, "store.key"), key));
    }

    /// <summary>
    /// Starts the store benchmark on the store, collects the ids it reports durable, and SIGKILLs it after
    /// <paramref name="after"/> of storing.
    /// </summary>
    private static async Task<List<Guid>> RunAndKillAsync(string storeDir, string key, TimeSpan after)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (
            string a in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "edge-alpr.dll"),
                "bench",
                "store",
                "--reads",
                "1000000",
                "--in-flight",
                "64",
                "--dir",
                storeDir,
                "--print-stored",
            }
        )
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["EDGEALPR_STORE_KEY"] = key;
        start.Environment["EDGEALPR_Store__MinFreeMegabytes"] = "0";
        using Process child = Process.Start(start)!;
        _ = child.StandardError.ReadToEndAsync();
        var reported = new List<Guid>();
        Stopwatch? storing = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("stored ", StringComparison.Ordinal))
            {
                reported.Add(Guid.Parse(line.AsSpan(7)));
                storing ??= Stopwatch.StartNew();
            }

            if (storing is not null && storing.Elapsed >= after)
            {
                // Process.Kill is SIGKILL on Linux: no handler, no flush, no dispose runs.
                child.Kill();
                break;
            }
        }

        await child.WaitForExitAsync();
        Assert.True(reported.Count > 0, "the child reported no stored read before it was killed");
        return reported;
    }
}
