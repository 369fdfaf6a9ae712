using EdgeAlpr.Storage.Salvage;

namespace EdgeAlpr.Storage.Tests.Salvage;

/// <summary>Whatever damage the files take, a salvage returns what it can: no exception, no hang.</summary>
public sealed class SalvageFuzzTests
{
    private const int Iterations = 300;

    [Fact]
    public async Task Random_damage_to_pages_never_makes_the_salvage_throw_or_hang()
    {
        SalvageSample[] samples = [new(checkpoint: false), new(checkpoint: true)];
        (byte[] Data, byte[] Log)[] files = [.. samples.Select(s => (s.Data, s.Log))];

        // One thread for the whole run, so a hang fails the test (TimeoutException) instead of stopping the suite.
        await Task.Run(() => Fuzz(files)).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static void Fuzz((byte[] Data, byte[] Log)[] files)
    {
        var random = new Random(20_250_301);
        for (int i = 0; i < Iterations; i++)
        {
            (byte[] cleanData, byte[] cleanLog) = files[i % files.Length];
            byte[] data = [.. cleanData];
            byte[] log = [.. cleanLog];
            var made = new List<string>();
            for (int d = random.Next(1, 5); d > 0; d--)
            {
                bool inLog = log.Length > 0 && random.Next(2) == 0;
                made.Add((inLog ? "log " : "data ") + Damage(random, ref inLog ? ref log : ref data));
            }

            string what = $"iteration {i}: {string.Join(", ", made)}";
            try
            {
                CheckResult(SalvageSample.SalvageOf(data, log), data, log, what);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"the salvage threw after {what}:\n{ex}");
            }
        }
    }

    private static void CheckResult(SalvageResult result, byte[] data, byte[] log, string what)
    {
        // The checks, not the safety net, must meet every kind of damage.
        SalvageProblem? caught = result.Problems.FirstOrDefault(p => p.What.Contains(LiteDbSalvageReader.UnexpectedError, StringComparison.Ordinal));
        Assert.True(caught is null, $"{what}: {caught}");
        int pages = (data.Length + log.Length) / RawPages.Size + 2;
        Assert.True(result.LostPages <= pages, what);
        foreach (SalvagedCollection collection in result.Collections.Values)
        {
            Assert.All(collection.Documents, d => Assert.False(d["_id"].IsNull, what));
            Assert.Equal(collection.Documents.Count, collection.Documents.Select(d => d["_id"]).Distinct(BsonIdComparer.Instance).Count());
        }
    }

    /// <summary>One kind of damage at a random place; says what it did.</summary>
    private static string Damage(Random random, ref byte[] file)
    {
        int pages = file.Length / RawPages.Size;
        if (pages == 0)
        {
            return "nothing (empty)";
        }

        int page = random.Next(pages);
        Span<byte> bytes = RawPages.Page(file, page);
        switch (random.Next(7))
        {
            case 0:
                random.NextBytes(bytes);
                return $"page {page} random";
            case 1:
                bytes.Clear();
                return $"page {page} zeroed";
            case 2:
                int at = random.Next(3) switch
                {
                    0 => random.Next(32),
                    1 => RawPages.Size - random.Next(1, 64),
                    _ => random.Next(RawPages.Size),
                };
                random.NextBytes(bytes[at..Math.Min(RawPages.Size, at + random.Next(1, 16))]);
                return $"page {page} bytes at {at}";
            case 3:
                for (int flips = random.Next(1, 9); flips > 0; flips--)
                {
                    bytes[random.Next(RawPages.Size)] ^= (byte)(1 << random.Next(8));
                }

                return $"page {page} bits flipped";
            case 4:
                int other = random.Next(pages);
                RawPages.Page(file, other).CopyTo(bytes);
                return $"page {other} copied over page {page}";
            case 5:
                int length = random.Next(file.Length);
                file = file[..length];
                return $"cut to {length} bytes";
            default:
                List<RawPages.Block> blocks = RawPages.Type(file, page) == RawPages.DataType ? RawPages.Blocks(file, page) : [];
                if (blocks.Count == 0)
                {
                    return $"page {page} has no blocks to repoint";
                }

                RawPages.Block block = blocks[random.Next(blocks.Count)];
                (uint toPage, byte toSlot) = ((uint)random.Next(pages + 2), (byte)random.Next(4));
                RawPages.SetNext(file, page, block, toPage, toSlot);
                return $"block {page}:{block.Slot} pointed at {toPage}:{toSlot}";
        }
    }
}
