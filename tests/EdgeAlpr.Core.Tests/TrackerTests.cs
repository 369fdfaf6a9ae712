using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Tracking;

namespace EdgeAlpr.Core.Tests;

public class TrackerTests
{
    private static readonly OcrModelSpec Spec = new()
    {
        MaxPlateSlots = 10,
        Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_",
        PadChar = '_',
        ImageHeight = 64,
        ImageWidth = 128,
    };

    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A sighting reading <paramref name="text"/> with the given certainty per character, at the given box.</summary>
    private static RecognizedPlate Plate(string text, float x, float certainty = 0.9f, float detection = 0.8f)
    {
        int classes = Spec.Alphabet.Length;
        var p = new float[Spec.MaxPlateSlots * classes];
        for (int s = 0; s < Spec.MaxPlateSlots; s++)
        {
            int c = s < text.Length ? Spec.Alphabet.IndexOf(text[s], StringComparison.Ordinal) : Spec.PadIndex;
            for (int k = 0; k < classes; k++)
            {
                p[(s * classes) + k] = k == c ? certainty : (1f - certainty) / (classes - 1);
            }
        }

        return new RecognizedPlate(
            new BoundingBox(x, 100, x + 80, 140),
            detection,
            text,
            certainty,
            [],
            [new PlateCandidate(text, certainty)],
            new RegionGuess("United States", 0.9f)
        )
        {
            SlotProbabilities = p,
        };
    }

    private static PlateTracker Tracker() => new(Spec, new TrackerOptions { CloseAfter = TimeSpan.FromSeconds(1) });

    private static DateTimeOffset At(int frame) => T0.AddMilliseconds(frame * 100);

    [Fact]
    public void A_plate_moving_across_frames_becomes_one_pass_when_it_is_gone()
    {
        PlateTracker tracker = Tracker();
        for (int f = 0; f < 6; f++)
        {
            Assert.Empty(tracker.Observe(At(f), f, [Plate("ABC123", 100 + (f * 30))]));
        }

        Assert.Empty(tracker.Observe(At(12), 12, [])); // 0.7 s without it: still open
        PlatePass pass = Assert.Single(tracker.Observe(At(17), 17, []));

        Assert.Equal("ABC123", pass.Text);
        Assert.Equal(6, pass.FramesUsed);
        Assert.Equal(At(0), pass.FirstSeen);
        Assert.Equal(At(5), pass.LastSeen);
        Assert.Equal("United States", pass.Region?.Name);
        Assert.Equal(0, tracker.OpenTracks);
    }

    [Fact]
    public void With_region_rules_the_fused_pass_is_written_as_its_region_prints_it_and_keeps_the_reading_as_recognised()
    {
        var tracker = new PlateTracker(Spec, new TrackerOptions { CloseAfter = TimeSpan.FromSeconds(1) }, PlateRegionRules.BuiltIn);
        for (int f = 0; f < 3; f++)
        {
            tracker.Observe(At(f), f, [Plate("HLOKTY1", 100 + (f * 20))]);
        }

        PlatePass pass = Assert.Single(tracker.Flush());

        Assert.Equal("HL0KTY1", pass.Text);
        Assert.Equal("HL0KTY1", pass.Candidates[0].Text);
        Assert.Equal(pass.Confidence, pass.Candidates[0].Probability);
        Assert.Contains(pass.Candidates, c => c.Text == "HLOKTY1");
        // The rewritten position is right whichever look-alike the slots favoured: 0.9 for O plus 0.1/36 for 0.
        Assert.Equal(0.9f + (0.1f / 36), pass.CharConfidences[2], 4);
        Assert.Equal(0.9f, pass.CharConfidences[0], 4);
    }

    [Fact]
    public void Without_region_rules_or_with_an_unsure_region_the_fused_pass_stays_as_decoded()
    {
        var ruled = new PlateTracker(Spec, new TrackerOptions(), PlateRegionRules.BuiltIn);
        PlateTracker plain = Tracker();
        for (int f = 0; f < 3; f++)
        {
            RecognizedPlate sighting = Plate("HLOKTY1", 100 + (f * 20));
            ruled.Observe(At(f), f, [sighting with { Region = new RegionGuess("United States", 0.3f) }]);
            plain.Observe(At(f), f, [sighting]);
        }

        Assert.Equal("HLOKTY1", Assert.Single(ruled.Flush()).Text);
        Assert.Equal("HLOKTY1", Assert.Single(plain.Flush()).Text);
    }

    [Fact]
    public void Fusion_outvotes_a_misread_frame()
    {
        PlateTracker tracker = Tracker();
        string[] reads = ["ABC123", "ABC128", "ABC123", "ABC123", "A8C123"];
        for (int f = 0; f < reads.Length; f++)
        {
            tracker.Observe(At(f), f, [Plate(reads[f], 100 + (f * 20))]);
        }

        PlatePass pass = Assert.Single(tracker.Flush());
        Assert.Equal("ABC123", pass.Text);
        Assert.Equal(5, pass.FramesUsed);
        Assert.Contains(pass.Candidates, c => c.Text == "ABC128" || c.Text == "A8C123");
    }

    [Fact]
    public void The_best_sighting_is_the_evidence_frame()
    {
        PlateTracker tracker = Tracker();
        tracker.Observe(At(0), 0, [Plate("ABC123", 100, 0.7f)]);
        tracker.Observe(At(1), 1, [Plate("ABC123", 120, 0.99f, 0.9f)]);
        tracker.Observe(At(2), 2, [Plate("ABC123", 140, 0.8f)]);

        PlatePass pass = Assert.Single(tracker.Flush());
        Assert.Equal(1, pass.Best.Frame);
    }

    private sealed class Marker : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Only_the_best_sightings_evidence_is_kept()
    {
        PlateTracker tracker = Tracker();
        Marker[] markers = [new(), new(), new()];
        tracker.Observe(At(0), 0, [Plate("ABC123", 100, 0.7f)], [markers[0]]);
        tracker.Observe(At(1), 1, [Plate("ABC123", 120, 0.99f, 0.9f)], [markers[1]]);
        tracker.Observe(At(2), 2, [Plate("ABC123", 140, 0.8f)], [markers[2]]);

        PlatePass pass = Assert.Single(tracker.Flush());

        Assert.Same(markers[1], pass.Best.Evidence);
        Assert.Equal([true, false, true], markers.Select(m => m.Disposed));
    }

    [Fact]
    public void Evidence_must_match_the_plates_one_to_one()
    {
        Assert.Throws<ArgumentException>(() => Tracker().Observe(At(0), 0, [Plate("ABC123", 100)], []));
    }

    [Fact]
    public void Two_vehicles_at_once_are_two_passes()
    {
        PlateTracker tracker = Tracker();
        for (int f = 0; f < 4; f++)
        {
            tracker.Observe(At(f), f, [Plate("ABC123", 100 + (f * 20)), Plate("XYZ789", 900 - (f * 20))]);
        }

        IReadOnlyList<PlatePass> passes = tracker.Flush();
        Assert.Equal(["ABC123", "XYZ789"], passes.Select(p => p.Text).Order());
        Assert.All(passes, p => Assert.Equal(4, p.FramesUsed));
    }

    [Fact]
    public void A_blurred_frame_that_reads_differently_still_joins_the_track_it_overlaps()
    {
        PlateTracker tracker = Tracker();
        tracker.Observe(At(0), 0, [Plate("ABC123", 100)]);
        tracker.Observe(At(1), 1, [Plate("8Z0I2", 102, 0.4f)]); // same place, garbled
        tracker.Observe(At(2), 2, [Plate("ABC123", 104)]);

        PlatePass pass = Assert.Single(tracker.Flush());
        Assert.Equal(3, pass.FramesUsed);
        Assert.Equal("ABC123", pass.Text);
    }

    [Fact]
    public void A_different_plate_read_surely_in_the_same_place_is_the_next_vehicle()
    {
        // A fixed camera's next picture, or the next car of a queue at a gate: no gap, the same box.
        PlateTracker tracker = Tracker();
        for (int f = 0; f < 4; f++)
        {
            tracker.Observe(At(f), f, [Plate("RK865AC", 100)]);
        }

        for (int f = 4; f < 8; f++)
        {
            tracker.Observe(At(f), f, [Plate("RK906AJ", 100)]);
        }

        tracker.Observe(At(8), 8, [Plate("RK9O6AJ", 100, 0.3f)]); // blurred: joins
        tracker.Observe(At(9), 9, [Plate("SI819AK", 100)]); // sure, and unlike the surest reading: the next car

        IReadOnlyList<PlatePass> passes = tracker.Flush();
        Assert.Equal(["RK865AC", "RK906AJ", "SI819AK"], passes.Select(p => p.Text));
        Assert.Equal([4, 5, 1], passes.Select(p => p.FramesUsed));
    }

    [Fact]
    public void The_same_plate_back_after_the_gap_is_a_new_pass()
    {
        PlateTracker tracker = Tracker();
        tracker.Observe(At(0), 0, [Plate("ABC123", 100)]);
        IReadOnlyList<PlatePass> first = tracker.Observe(At(20), 20, [Plate("ABC123", 100)]);

        Assert.Single(first);
        Assert.Single(tracker.Flush());
    }

    [Fact]
    public void A_different_plate_far_away_does_not_join()
    {
        PlateTracker tracker = Tracker();
        tracker.Observe(At(0), 0, [Plate("ABC123", 100)]);
        tracker.Observe(At(1), 1, [Plate("QRS456", 600)]);
        Assert.Equal(2, tracker.Flush().Count);
    }

    [Fact]
    public void Too_many_open_tracks_close_the_stalest_early_and_lose_nothing()
    {
        var tracker = new PlateTracker(Spec, new TrackerOptions { MaxOpenTracks = 2, CloseAfter = TimeSpan.FromSeconds(10) });
        tracker.Observe(At(0), 0, [Plate("AAA111", 0)]);
        tracker.Observe(At(1), 1, [Plate("BBB222", 300)]);
        IReadOnlyList<PlatePass> early = tracker.Observe(At(2), 2, [Plate("CCC333", 600)]);

        Assert.Equal("AAA111", Assert.Single(early).Text);
        Assert.Equal(2, tracker.Flush().Count);
    }

    [Fact]
    public void Invalid_options_are_refused_listing_the_problems()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new PlateTracker(
                Spec,
                new TrackerOptions
                {
                    CloseAfter = TimeSpan.Zero,
                    MinOverlap = 0.9f,
                    SureReading = 0f,
                }
            )
        );
        Assert.Contains("CloseAfter must be positive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MinOverlap ≤ SureOverlap", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SureReading must be above 0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ABC123", "ABC123", 0)]
    [InlineData("ABC123", "ABC128", 1)]
    [InlineData("ABC123", "BC123", 1)]
    [InlineData("", "ABC", 3)]
    [InlineData("KITTEN", "SITTING", 3)]
    public void Edit_distance_counts_single_character_edits(string a, string b, int distance)
    {
        Assert.Equal(distance, PlateText.EditDistance(a, b));
        Assert.Equal(distance, PlateText.EditDistance(b, a));
    }
}
