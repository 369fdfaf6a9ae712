using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Tracking;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// Recognition gives bit-identical results whatever else the machine is doing: the same frames
/// read by several callers at once (more than the cores), in different orders, beside a thread
/// that forces full garbage collections, give exactly the results of one quiet sequential pass
/// (texts, confidences, candidates, regions, boxes and every slot probability), and the tracker
/// fed each caller's frames gives the same pass.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class DeterminismUnderLoadTests(EngineFixture fixture)
{
    private const int Callers = 3;
    private const int PanFrames = 8;

    [Fact]
    public async Task The_same_frames_read_in_parallel_under_load_give_bit_identical_results_and_passes()
    {
        List<BgrPicture> pictures = LoadPictures();
        try
        {
            string[] baseline = [.. pictures.Select(p => Fingerprint(fixture.Engine.Recognize(p)))];
            string basePass = Pass(baseline.Length, i => fixture.Engine.Recognize(pictures[i]));
            Assert.True(basePass.Contains("YG9X2G", StringComparison.Ordinal), $"pass {basePass}; pictures: {string.Join('\n', baseline)}");

            using var stop = new CancellationTokenSource();
            // The callers oversubscribe the cores themselves (three on two, each with the runtime's own
            // threads); spinning threads besides would starve the other test assemblies running
            // alongside (an uplink drain test timed out in CI), so the extra load is the collector's.
            Task[] load = [Task.Run(() => Churn(stop.Token))];
            try
            {
                var callers = Enumerable
                    .Range(0, Callers)
                    .Select(c =>
                        Task.Run(() =>
                        {
                            // Each caller starts at a different picture, so different pictures are in flight together.
                            var seen = new string[pictures.Count];
                            for (int k = 0; k < pictures.Count; k++)
                            {
                                int i = (k + (c * pictures.Count / Callers)) % pictures.Count;
                                seen[i] = Fingerprint(fixture.Engine.Recognize(pictures[i]));
                            }

                            return (Seen: seen, Pass: Pass(baseline.Length, i => fixture.Engine.Recognize(pictures[i])));
                        })
                    )
                    .ToList();
                var results = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60));

                foreach (var (seen, pass) in results)
                {
                    for (int i = 0; i < baseline.Length; i++)
                    {
                        Assert.Equal(baseline[i], seen[i]);
                    }

                    Assert.Equal(basePass, pass);
                }
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }
        }
        finally
        {
            pictures.ForEach(p => p.Dispose());
        }
    }

    /// <summary>
    /// Dev photos (one US plate the region rules rewrite, European plates) and, last, a panning
    /// view of the known photo, as the tracking test makes it (12 pixels a frame).
    /// </summary>
    private static List<BgrPicture> LoadPictures()
    {
        string[] photos =
        [
            Path.Combine(TestPaths.UsDev, "us6.jpg"),
            .. Directory.GetFiles(TestPaths.UsDev, "*.jpg").Order(StringComparer.Ordinal).Skip(1).Take(3),
            Path.Combine(TestPaths.Eu, "eu1.jpg"),
            Path.Combine(TestPaths.Eu, "eu10.jpg"),
        ];
        var pictures = photos.Select(TestPictures.Decode).ToList();
        using BgrPicture known = TestPictures.Decode(TestPaths.KnownImage);
        for (int f = 0; f < PanFrames; f++)
        {
            pictures.Add(TestPictures.Panned(known, 12 * f));
        }

        return pictures;
    }

    /// <summary>The pass the tracker makes of the panning frames (the last <see cref="PanFrames"/> pictures), fingerprinted.</summary>
    private string Pass(int pictures, Func<int, RecognitionResult> read)
    {
        var tracker = new PlateTracker(fixture.Engine.FusedSpec, new TrackerOptions(), fixture.Engine.RegionRules);
        var start = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var passes = new List<PlatePass>();
        for (int f = 0; f < PanFrames; f++)
        {
            passes.AddRange(tracker.Observe(start.AddMilliseconds(100 * f), f, read(pictures - PanFrames + f).Plates));
        }

        passes.AddRange(tracker.Flush());
        var text = new StringBuilder();
        foreach (PlatePass p in passes)
        {
            text.Append(
                CultureInfo.InvariantCulture,
                $"{p.Text} {Bits(p.Confidence)} {p.FramesUsed} {p.Region?.Name} {Bits(p.Region?.Confidence ?? 0)};"
            );
            text.AppendJoin(',', p.Candidates.Select(c => $"{c.Text}:{Bits(c.Probability)}")).Append('|');
        }

        return text.ToString();
    }

    /// <summary>Everything a result says, floats as their bits, slot probabilities as a hash of their bits.</summary>
    private static string Fingerprint(RecognitionResult result)
    {
        var text = new StringBuilder();
        foreach (RecognizedPlate p in result.Plates)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Text} {Bits(p.Confidence)} {Bits(p.DetectionScore)} ")
                .Append(CultureInfo.InvariantCulture, $"{Bits(p.Box.X1)},{Bits(p.Box.Y1)},{Bits(p.Box.X2)},{Bits(p.Box.Y2)} ")
                .Append(CultureInfo.InvariantCulture, $"{p.Region?.Name}:{Bits(p.Region?.Confidence ?? 0)} ")
                .AppendJoin(',', p.CharConfidences.Select(Bits))
                .Append(' ')
                .AppendJoin(',', p.Candidates.Select(c => $"{c.Text}:{Bits(c.Probability)}"))
                .Append(' ')
                .Append(Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(p.SlotProbabilities.Span))))
                .Append('|');
        }

        return text.ToString();
    }

    private static string Bits(float value) => BitConverter.SingleToInt32Bits(value).ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>Allocates and forces full, compacting collections, so pooled and pinned buffers are exercised while objects move.</summary>
    private static void Churn(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var garbage = new List<float[]>();
            for (int i = 0; i < 64; i++)
            {
                garbage.Add(new float[4096 + i]);
            }

            GC.KeepAlive(garbage);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            Thread.Sleep(5);
        }
    }
}
