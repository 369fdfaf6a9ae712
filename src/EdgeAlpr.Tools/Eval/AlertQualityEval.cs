using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Contracts.Recognition;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Tracking;
using EdgeAlpr.HotLists;

namespace EdgeAlpr.Tools.Eval;

/// <summary>
/// The end-to-end alert measure of <c>edge-alpr eval --hotlist-background N</c>: every dataset
/// plate is listed as a stolen vehicle (state unknown) among N realistic synthetic entries, and
/// each photo's reads are matched and decided exactly as the agent does (candidates, match
/// kinds, calibrated scores, the alert policy's sounding or quiet decision).
/// </summary>
public static class AlertQualityEval
{
    /// <summary>The source and record of the dataset's entries, so a report can tell them from the background.</summary>
    public const string DatasetSource = "NCIC";

    /// <summary>The shortest plate missing- and extra-character matches apply to, as on a unit (HotList:EditMatchMinLength).</summary>
    public const int EditMatchMinLength = 5;

    /// <summary>Builds the list: <paramref name="background"/> synthetic entries (the hot-list bench's generator) plus each listed plate.</summary>
    public static HotListSnapshot BuildList(
        int background,
        int seed,
        IEnumerable<string> listed,
        HotListPolicy policy,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(listed);
        var builder = new HotListSnapshotBuilder(policy, OcrEquivalence.Default, EditMatchMinLength);
        builder.EnsureCapacity(background + 1024);
        if (background > 0)
        {
            var csv = new MemoryStream();
            using (var writer = new StreamWriter(csv, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                _ = new SyntheticHotList(seed).WriteCsv(writer, background, 0, now, sampleSize: 0);
            }

            var defaults = new ImportDefaults { Origin = HotListOrigin.Platform, Source = "PLATFORM" };
            ImportSummary summary = HotListFileReader.Read(
                csv.GetBuffer().AsMemory(0, (int)csv.Length),
                1,
                defaults,
                now,
                allowOperations: false,
                PhotoRule.Drop,
                _ => row => builder.TryAdd(row.Entry),
                cancellationToken
            );
            if (summary.Accepted < background * 9 / 10)
            {
                throw new InvalidOperationException($"the generated list did not load: {summary.Accepted} of {background} entries accepted");
            }
        }

        int record = 0;
        foreach (string plate in listed.Distinct(StringComparer.Ordinal))
        {
            string? problem = builder.TryAdd(
                new HotListEntry
                {
                    Plate = plate,
                    Category = HotListCategory.StolenVehicle,
                    Source = DatasetSource,
                    RecordNumber = $"V{++record:D9}",
                    Reason = "evaluation: the dataset's plate",
                }
            );
            if (problem is not null)
            {
                throw new InvalidOperationException($"the dataset's plate {plate} cannot be listed: {problem}");
            }
        }

        return builder.Build(now);
    }

    /// <summary>The photo's plates as the agent's tracker makes them into passes (one frame, so one pass per plate).</summary>
    public static IReadOnlyList<PlatePass> Passes(
        OcrModelSpec spec,
        TrackerOptions tracker,
        PlateRegionRules? regionRules,
        IReadOnlyList<RecognizedPlate> plates,
        DateTimeOffset at
    )
    {
        var track = new PlateTracker(spec, tracker, regionRules);
        var passes = new List<PlatePass>(track.Observe(at, 0, plates));
        passes.AddRange(track.Flush());
        return passes;
    }

    /// <summary>Matches every read and counts what reaches the officer.</summary>
    /// <param name="list">The list from <see cref="BuildList"/>.</param>
    /// <param name="alerts">The unit's alert policy (which hits sound, which are quiet).</param>
    /// <param name="acceptance">Which passes become reads (the agent's Agent:ReadAcceptance).</param>
    /// <param name="photos">Dataset photos (with their listed plate) and passing photos (without).</param>
    /// <param name="background">The synthetic entries' count, for the report.</param>
    /// <param name="seed">Their seed, for the report.</param>
    /// <param name="now">The time entries' expiry is judged at.</param>
    private static AlertQualityRecord Score(
        HotListSnapshot list,
        AlertPolicy alerts,
        PassAcceptance acceptance,
        IReadOnlyList<ListedPhoto> photos,
        int background,
        int seed,
        DateTimeOffset now
    )
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(acceptance);
        ArgumentNullException.ThrowIfNull(photos);
        var tally = new Tally();
        foreach (ListedPhoto photo in photos)
        {
            string[] truths = [.. photo.Truths.Select(PlateText.Normalize)];
            var own = new Dictionary<string, (HotListHit Hit, AlertLoudness Loudness)>(StringComparer.Ordinal);
            foreach (PlatePass pass in photo.Passes)
            {
                List<HotListHit> hits = list.Hits(pass.Candidates, null, now);
                if (acceptance.Judge(pass) is not null)
                {
                    // As the agent's read path: a doubtful pass stays a read only for a hit that must not be missed.
                    hits = DoubtfulReads.Keeping(hits);
                    if (hits.Count == 0)
                    {
                        tally.Suppressed();
                        continue;
                    }
                }

                tally.Read(photo.Listed);
                foreach (HotListHit hit in hits)
                {
                    AlertLoudness loudness = alerts.Loudness(hit);
                    if (Array.IndexOf(truths, hit.Entry.Plate) >= 0)
                    {
                        // The car in the photo is listed: a right alert (on a passing photo, a background entry that is its plate).
                        if (!own.TryGetValue(hit.Entry.Plate, out var best) || Stronger(loudness, hit, best.Loudness, best.Hit))
                        {
                            own[hit.Entry.Plate] = (hit, loudness);
                        }

                        continue;
                    }

                    if (hit.Entry.Source == DatasetSource && hit.CandidateRank == 0 && hit.Kind == MatchKind.ExactStateUnknown)
                    {
                        // The read is exactly another dataset plate: that car is in this photo too, unlabelled (a second car).
                        continue;
                    }

                    tally.False(photo, pass, hit, loudness);
                }
            }

            if (!photo.Listed)
            {
                continue;
            }

            foreach (string truth in truths)
            {
                (HotListHit Hit, AlertLoudness Loudness)? mine = own.TryGetValue(truth, out var found) ? found : null;
                tally.Listed(mine?.Loudness);
                if (mine?.Loudness != AlertLoudness.Sounding)
                {
                    tally.Misses.Add(
                        new AlertMissRecord(
                            photo.File,
                            truth,
                            [.. photo.Passes.Select(p => p.Text)],
                            mine is { } o ? MatchKinds.WireName(o.Hit.Kind) : null,
                            mine is { } s ? WireJson.Round(s.Hit.Score) : null,
                            mine?.Loudness == AlertLoudness.Quiet
                        )
                    );
                }
            }
        }

        return tally.ToRecord(list.Count, background, seed);
    }

    /// <summary>The sounding scores the operating curve is drawn at.</summary>
    public static IReadOnlyList<float> OperatingScores { get; } = [0f, 0.02f, 0.05f, 0.1f, 0.2f, 0.3f, 0.5f, 0.7f, 0.9f];

    /// <summary><see cref="Score"/> with the policy's sounding score, and the operating curve: the same reads at <see cref="OperatingScores"/>.</summary>
    public static AlertQualityRecord ScoreWithCurve(
        HotListSnapshot list,
        AlertPolicy alerts,
        PassAcceptance acceptance,
        IReadOnlyList<ListedPhoto> photos,
        int background,
        int seed,
        DateTimeOffset now
    )
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var points = new List<OperatingPointRecord>();
        foreach (float at in OperatingScores)
        {
            AlertQualityRecord r = Score(list, alerts.WithSoundingScore(at), acceptance, photos, background, seed, now);
            points.Add(new OperatingPointRecord(WireJson.Round(at, 2), r.HitRecall, r.FalseSoundingPer1000, r.PassingFalseSoundingPer1000));
        }

        return Score(list, alerts, acceptance, photos, background, seed, now) with
        {
            OperatingPoints = points,
        };
    }

    private static bool Stronger(AlertLoudness loudness, HotListHit hit, AlertLoudness than, HotListHit thanHit) =>
        loudness > than || (loudness == than && hit.Score > thanHit.Score);

    private static double Per1000(int count, int reads) => reads == 0 ? 0 : WireJson.Round(count * 1000.0 / reads, 2);

    private sealed class Tally
    {
        private int _reads;
        private int _passingReads;
        private int _listed;
        private int _sounded;
        private int _anyHit;
        private int _falseSounding;
        private int _falseQuiet;
        private int _falseHits;
        private int _passingSounding;
        private int _passingQuiet;
        private int _suppressed;

        public void Suppressed() => _suppressed++;

        public List<AlertMissRecord> Misses { get; } = [];

        public List<FalseAlertRecord> FalseAlerts { get; } = [];

        public void Read(bool listed)
        {
            _reads++;
            _passingReads += listed ? 0 : 1;
        }

        public void Listed(AlertLoudness? own)
        {
            _listed++;
            _anyHit += own is null ? 0 : 1;
            _sounded += own == AlertLoudness.Sounding ? 1 : 0;
        }

        public void False(ListedPhoto photo, PlatePass pass, HotListHit hit, AlertLoudness loudness)
        {
            bool listed = photo.Listed;
            _falseHits++;
            if (loudness == AlertLoudness.Silent)
            {
                return;
            }

            bool sounding = loudness == AlertLoudness.Sounding;
            _falseSounding += sounding ? 1 : 0;
            _falseQuiet += sounding ? 0 : 1;
            _passingSounding += !listed && sounding ? 1 : 0;
            _passingQuiet += !listed && !sounding ? 1 : 0;
            if (FalseAlerts.Count < AlertQualityRecord.Shown)
            {
                FalseAlerts.Add(
                    new FalseAlertRecord(
                        photo.File,
                        pass.Text,
                        hit.Entry.Plate,
                        MatchKinds.WireName(hit.Kind),
                        WireJson.Round(hit.Score),
                        hit.CandidateRank,
                        sounding
                    )
                );
            }
        }

        public AlertQualityRecord ToRecord(int entries, int background, int seed) =>
            new(
                background,
                entries,
                seed,
                _listed,
                _reads,
                _listed == 0 ? 0 : WireJson.Round(_sounded / (double)_listed),
                _listed == 0 ? 0 : WireJson.Round(_anyHit / (double)_listed),
                Per1000(_falseSounding, _reads),
                Per1000(_falseQuiet, _reads),
                Per1000(_falseHits, _reads),
                _passingReads,
                _passingReads == 0 ? null : Per1000(_passingSounding, _passingReads),
                _passingReads == 0 ? null : Per1000(_passingQuiet, _passingReads),
                _suppressed,
                Misses,
                FalseAlerts
            );
    }
}
