using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Core.Recognition.Fusion;

namespace EdgeAlpr.Core.Tracking;

/// <summary>
/// Turns per-frame plate sightings into one read per vehicle pass. A sighting joins the open
/// track whose predicted box it overlaps and whose text it resembles (or which it overlaps
/// strongly, for a frame too blurred to read alike, unless both readings are sure); a track unseen for
/// <see cref="TrackerOptions.CloseAfter"/> closes, and its sightings' slot probabilities are
/// fused per character (each weighted by its detection score) into the pass's reading, written
/// as the pass's region prints it when region rules are given.
/// Not thread-safe: one tracker per camera, fed in frame order.
/// </summary>
public sealed class PlateTracker
{
    private readonly TrackerOptions _options;
    private readonly OcrModelSpec _spec;
    private readonly SlotDecoder _decoder;
    private readonly PlateRegionRules? _regionRules;
    private readonly List<Track> _open = [];
    private long _nextId = 1;

    /// <param name="spec">Conventions of the sightings' slot probabilities (the engine's fused spec).</param>
    /// <param name="options">When passes close and how sightings join a track; validated here.</param>
    /// <param name="regionRules">
    /// The rules the sightings were read with (the engine's <c>RegionRules</c>), applied again to the
    /// fused reading, which is decoded afresh from the slots; null leaves it as decoded.
    /// </param>
    public PlateTracker(OcrModelSpec spec, TrackerOptions options, PlateRegionRules? regionRules = null)
    {
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid tracker options: " + string.Join("; ", problems), nameof(options));
        }

        _spec = spec;
        _options = options;
        _decoder = new SlotDecoder(spec);
        _regionRules = regionRules;
    }

    public int OpenTracks => _open.Count;

    /// <summary>Adds one frame's plates and returns the passes that closed by this frame's time.</summary>
    /// <param name="time">The frame's capture time.</param>
    /// <param name="frame">The frame's number in its source.</param>
    /// <param name="plates">The plates recognised in the frame.</param>
    /// <param name="evidence">Optional, one per plate: see <see cref="PlateSighting.Evidence"/>.</param>
    public IReadOnlyList<PlatePass> Observe(
        DateTimeOffset time,
        long frame,
        IReadOnlyList<RecognizedPlate> plates,
        IReadOnlyList<IDisposable?>? evidence = null
    )
    {
        if (evidence is not null && evidence.Count != plates.Count)
        {
            throw new ArgumentException($"{evidence.Count} evidence items for {plates.Count} plates", nameof(evidence));
        }

        var closed = new List<PlatePass>();
        for (int i = _open.Count - 1; i >= 0; i--)
        {
            if (time - _open[i].LastSeen > _options.CloseAfter)
            {
                closed.Add(Close(_open[i]));
                _open.RemoveAt(i);
            }
        }

        // Greedy matching, best pairs first: each track takes at most one sighting per frame.
        var pairs = new List<(float Score, int Track, int Plate)>();
        for (int t = 0; t < _open.Count; t++)
        {
            BoundingBox predicted = _open[t].Predict(time);
            for (int p = 0; p < plates.Count; p++)
            {
                float overlap = predicted.IntersectionOverUnion(plates[p].Box);
                float similarity = PlateText.Similarity(_open[t].LatestText, plates[p].Text);
                bool alike = similarity >= _options.MinTextSimilarity;
                // Strong overlap stands in for resemblance only where a reading is unsure (a blurred frame): a sure
                // reading unlike the track's surest is another plate, even after a blurred frame between the two.
                RecognizedPlate surest = _open[t].Surest;
                bool twoPlates =
                    !alike
                    && plates[p].Confidence >= _options.SureReading
                    && surest.Confidence >= _options.SureReading
                    && PlateText.Similarity(surest.Text, plates[p].Text) < _options.MinTextSimilarity;
                bool joins = !twoPlates && (overlap >= _options.SureOverlap || (overlap >= _options.MinOverlap && alike));
                if (joins)
                {
                    pairs.Add((overlap + similarity, t, p));
                }
            }
        }

        pairs.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        var trackTaken = new bool[_open.Count];
        var plateTaken = new bool[plates.Count];
        foreach ((float _, int t, int p) in pairs)
        {
            if (!trackTaken[t] && !plateTaken[p])
            {
                trackTaken[t] = plateTaken[p] = true;
                _open[t].Add(new PlateSighting(time, frame, plates[p]) { Evidence = evidence?[p] });
            }
        }

        for (int p = 0; p < plates.Count; p++)
        {
            if (!plateTaken[p])
            {
                _open.Add(new Track(_nextId++, new PlateSighting(time, frame, plates[p]) { Evidence = evidence?[p] }));
            }
        }

        while (_open.Count > _options.MaxOpenTracks)
        {
            Track stalest = _open.MinBy(t => t.LastSeen)!;
            _open.Remove(stalest);
            closed.Add(Close(stalest));
        }

        closed.Sort(static (a, b) => a.FirstSeen.CompareTo(b.FirstSeen));
        return closed;
    }

    /// <summary>Closes every open track (end of stream or shutdown) and returns their passes.</summary>
    public IReadOnlyList<PlatePass> Flush()
    {
        List<PlatePass> closed = _open.Select(Close).OrderBy(p => p.FirstSeen).ToList();
        _open.Clear();
        return closed;
    }

    private PlatePass Close(Track track)
    {
        IReadOnlyList<PlateSighting> sightings = track.Sightings;
        PlateSighting best = track.Best;
        int classes = _spec.Alphabet.Length;
        int stride = _spec.MaxPlateSlots * classes;
        List<SlotReading> readings = sightings
            .Where(s => s.Plate.SlotProbabilities.Length == stride)
            .Select(s => new SlotReading(s.Plate.SlotProbabilities, _spec.MaxPlateSlots, MathF.Max(s.Plate.DetectionScore, 0.01f)))
            .ToList();
        RegionGuess? region = sightings
            .Where(s => s.Plate.Region is not null)
            .GroupBy(s => s.Plate.Region!.Name)
            .Select(g => new RegionGuess(g.Key, g.Sum(s => s.Plate.Region!.Confidence) / sightings.Count))
            .MaxBy(r => r.Confidence);
        if (readings.Count == 0)
        {
            // Sightings without slot probabilities cannot be fused: the best one stands for the pass.
            RecognizedPlate p = best.Plate;
            return new PlatePass(
                track.Id,
                track.FirstSeen,
                track.LastSeen,
                best,
                sightings.Count,
                p.Text,
                p.Confidence,
                p.CharConfidences,
                p.Candidates,
                region,
                sightings
            );
        }

        var fused = new float[stride];
        SlotFusion.Fuse(readings, _spec.MaxPlateSlots, classes, _spec.PadIndex, fused);
        DecodedPlate decoded = _decoder.Decode(fused, _options.Candidates);
        if (_regionRules is not null)
        {
            decoded = _regionRules.For(region).Apply(decoded, _spec, fused);
        }

        return new PlatePass(
            track.Id,
            track.FirstSeen,
            track.LastSeen,
            best,
            readings.Count,
            decoded.Text,
            decoded.Confidence,
            decoded.CharConfidences,
            decoded.Candidates,
            region,
            sightings
        );
    }

    private sealed class Track(long id, PlateSighting first)
    {
        private readonly List<PlateSighting> _sightings = [first];

        public long Id { get; } = id;

        public IReadOnlyList<PlateSighting> Sightings => _sightings;

        public DateTimeOffset FirstSeen => _sightings[0].Time;

        public DateTimeOffset LastSeen => _sightings[^1].Time;

        public string LatestText => _sightings[^1].Plate.Text;

        /// <summary>The surest reading so far (the first of equals).</summary>
        public RecognizedPlate Surest { get; private set; } = first.Plate;

        /// <summary>The best sighting so far (the first of equals); only its evidence is kept.</summary>
        public PlateSighting Best { get; private set; } = first;

        public void Add(PlateSighting sighting)
        {
            _sightings.Add(sighting);
            if (sighting.Plate.Confidence > Surest.Confidence)
            {
                Surest = sighting.Plate;
            }

            if (sighting.Quality > Best.Quality)
            {
                Best.Evidence?.Dispose();
                Best = sighting;
            }
            else
            {
                sighting.Evidence?.Dispose();
            }
        }

        /// <summary>Where the plate should be at <paramref name="time"/>, moving on as it moved between its last two sightings.</summary>
        public BoundingBox Predict(DateTimeOffset time)
        {
            BoundingBox last = _sightings[^1].Plate.Box;
            if (_sightings.Count < 2)
            {
                return last;
            }

            PlateSighting before = _sightings[^2];
            double span = (LastSeen - before.Time).TotalSeconds;
            if (span <= 0)
            {
                return last;
            }

            float ahead = (float)((time - LastSeen).TotalSeconds / span);
            BoundingBox b = before.Plate.Box;
            return new BoundingBox(
                last.X1 + ((last.X1 - b.X1) * ahead),
                last.Y1 + ((last.Y1 - b.Y1) * ahead),
                last.X2 + ((last.X2 - b.X2) * ahead),
                last.Y2 + ((last.Y2 - b.Y2) * ahead)
            );
        }
    }
}
