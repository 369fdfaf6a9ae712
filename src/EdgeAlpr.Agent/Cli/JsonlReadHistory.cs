using System.Text.Json;
using EdgeAlpr.Contracts.Reads;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// Past reads from a reads file written by <c>edge-alpr process</c>, for past-read matching from
/// the command line. A line that is not a read is reported and skipped.
/// </summary>
internal sealed class JsonlReadHistory(IReadOnlyList<RecentRead> reads) : IReadHistory
{
    public static async Task<JsonlReadHistory> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var reads = new List<RecentRead>();
        int number = 0;
        await foreach (string line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                ReadRecord? r = JsonSerializer.Deserialize<ReadRecord>(line, WireJson.Options);
                if (r is null || r.Candidates is null || string.IsNullOrEmpty(r.CameraId))
                {
                    throw new JsonException("not a read");
                }

                IReadOnlyList<PlateCandidate> candidates =
                    r.Candidates.Count > 0
                        ? r.Candidates.Select(c => new PlateCandidate(c.Text, (float)c.Probability)).ToList()
                        : [new PlateCandidate(r.Plate, (float)r.Confidence)];
                reads.Add(new RecentRead(r.Id, r.CameraId, r.LastSeen, candidates));
            }
            catch (JsonException ex)
            {
                await Console.Error.WriteLineAsync($"edge-alpr: {path}:{number}: skipped, not a read ({ex.Message})").ConfigureAwait(false);
            }
        }

        return new JsonlReadHistory(reads);
    }

    public IEnumerable<RecentRead> Since(DateTimeOffset from) => reads.Where(r => r.SeenAt >= from);
}
