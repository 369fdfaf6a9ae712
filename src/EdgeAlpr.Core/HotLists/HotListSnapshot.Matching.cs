using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.HotLists;

/// <summary>The lookups: per frame, per candidate, so nothing here allocates.</summary>
public sealed partial class HotListSnapshot
{
    /// <summary>
    /// Matches every candidate of a read and appends one match per entry (its best) to
    /// <paramref name="into"/>. Returns how many were appended. Allocates nothing unless
    /// <paramref name="into"/> has to grow.
    /// </summary>
    /// <param name="candidates">The read's candidate texts, best first.</param>
    /// <param name="state">The read's state or jurisdiction, when known (configured or read).</param>
    /// <param name="now">The time entries' expiry is judged at.</param>
    /// <param name="into">Where the matches are appended.</param>
    /// <param name="scope">Which kinds of match are looked for.</param>
    /// <param name="minScore">The least score of a near match; null: the policy's <see cref="HotListPolicy.MinHitScore"/>.</param>
    public int Match(
        ReadOnlySpan<PlateCandidate> candidates,
        string? state,
        DateTimeOffset now,
        List<HotListMatch> into,
        MatchScope scope = MatchScope.All,
        float? minScore = null
    )
    {
        ArgumentNullException.ThrowIfNull(into);
        int before = into.Count;
        bool stateKnown = !string.IsNullOrEmpty(state);
        int readState =
            !stateKnown ? 0
            : _stateIndex.TryGetValue(state!, out ushort index) ? index
            : -1;
        uint nowSeconds = HotListSnapshotBuilder.ToUnix(now);
        Span<char> buffer = stackalloc char[PlateKey.MaxLength];
        for (int c = 0; c < candidates.Length; c++)
        {
            int length = PlateText.NormalizeInto(candidates[c].Text, buffer);
            if (length <= 0 || !PlateKey.TryPack(buffer[..length], allowWildcard: false, out ulong plate))
            {
                continue;
            }

            ulong canon = _equivalence.Canonical(plate);
            var sink = new MatchSink(
                this,
                into,
                before,
                c,
                Math.Clamp(candidates[c].Probability, 0f, 1f),
                plate,
                canon,
                scope,
                stateKnown,
                readState,
                nowSeconds,
                minScore ?? Policy.MinHitScore
            );
            if ((scope & ~MatchScope.Exact & ~MatchScope.Wildcard) != 0)
            {
                // Only fuzzy kinds need it; an exact check (every frame on some units) skips the work.
                sink.Doubt = ReadingDoubt.Of(candidates, c, buffer[..length]);
            }

            if ((scope & (MatchScope.Exact | MatchScope.OcrEquivalent)) != 0)
            {
                sink.Mode = SinkMode.Canonical;
                _index.Find(canon, ref sink);
            }

            if ((scope & MatchScope.MissingOrExtraCharacter) != 0 && length >= _editMinLength)
            {
                sink.Mode = SinkMode.MissingCharacter;
                _deletions.Find(canon, ref sink);
                if (length > _editMinLength)
                {
                    sink.Mode = SinkMode.ExtraCharacter;
                    for (int i = 0; i < length; i++)
                    {
                        // Deleting either of two equal neighbours gives the same key: look it up once.
                        if (i == 0 || PlateKey.CodeAt(canon, i) != PlateKey.CodeAt(canon, i - 1))
                        {
                            sink.Deleted = i;
                            _index.Find(PlateKey.DeleteAt(canon, i), ref sink);
                        }
                    }
                }
            }

            if ((scope & MatchScope.Wildcard) != 0)
            {
                sink.Mode = SinkMode.Wildcard;
                _wildcards.Find(canon, ref sink);
            }
        }

        return into.Count - before;
    }

    private enum SinkMode
    {
        Canonical,
        MissingCharacter,
        ExtraCharacter,
        Wildcard,
    }

    /// <summary>Receives entries from the indexes, applies the kind, expiry and state rules, and keeps each entry's best match.</summary>
    private struct MatchSink(
        HotListSnapshot snapshot,
        List<HotListMatch> into,
        int first,
        int candidate,
        float probability,
        ulong plate,
        ulong canon,
        MatchScope scope,
        bool stateKnown,
        int readState,
        uint now,
        float minScore
    ) : IEntrySink
    {
        public SinkMode Mode { get; set; }

        /// <summary>How unsure the candidate is at each position: what a fuzzy match's score is scaled by.</summary>
        public ReadingDoubt Doubt { get; set; }

        /// <summary>The read's character left out in the current extra-character lookup.</summary>
        public int Deleted { get; set; }

        public readonly void Add(int entry)
        {
            ref readonly EntryCore core = ref snapshot._columns.Core[entry];
            switch (Mode)
            {
                case SinkMode.Canonical when core.Plate == plate:
                    if ((scope & MatchScope.Exact) != 0)
                    {
                        MatchKind kind =
                            core.State == 0 || !stateKnown ? MatchKind.ExactStateUnknown
                            : core.State == readState ? MatchKind.Exact
                            : MatchKind.ExactOtherState;
                        Keep(entry, in core, kind, MatchKinds.BaseScore(kind) * probability);
                    }

                    break;
                case SinkMode.Canonical:
                    if ((scope & MatchScope.OcrEquivalent) != 0)
                    {
                        // As likely as the read is unsure at each confused character.
                        Near(entry, in core, MatchKind.OcrEquivalent, Calibrated(MatchKind.OcrEquivalent, Doubt.Substitution(core.Plate, plate)));
                    }

                    break;
                case SinkMode.ExtraCharacter:
                    Near(entry, in core, MatchKind.ExtraCharacter, Calibrated(MatchKind.ExtraCharacter, Doubt.Extra(Deleted)));
                    break;
                case SinkMode.MissingCharacter:
                    // The deletion index holds fingerprints, not keys: confirm against the entry.
                    if ((core.Flags & EntryFlags.Dead) == 0 && PlateKey.IsOneDeletion(snapshot._equivalence.Canonical(core.Plate), canon))
                    {
                        ulong listed = snapshot._equivalence.Canonical(core.Plate);
                        Near(entry, in core, MatchKind.MissingCharacter, Calibrated(MatchKind.MissingCharacter, Doubt.Missing(listed, canon)));
                    }

                    break;
                default:
                    int unknown = PlateKey.CountCode(core.Plate, PlateKey.WildcardCode);
                    // A partial plate is what a witness saw: its known characters matched, each unknown one makes it less specific.
                    Near(
                        entry,
                        in core,
                        MatchKind.Wildcard,
                        Math.Max(MatchKinds.BaseScore(MatchKind.Wildcard) - (0.05f * (unknown - 1)), 0.1f) * probability
                    );
                    break;
            }
        }

        // A near-miss in another state is almost always another vehicle.
        private readonly void Near(int e, in EntryCore core, MatchKind kind, float score)
        {
            if (core.State == 0 || !stateKnown || core.State == readState)
            {
                Keep(e, in core, kind, score);
            }
        }

        private readonly float Calibrated(MatchKind kind, float likelihood) => MatchKinds.BaseScore(kind) * probability * likelihood;

        private readonly void Keep(int e, in EntryCore core, MatchKind kind, float score)
        {
            if (core.Expires != 0 && core.Expires <= now)
            {
                return;
            }

            // The read's own text matching exactly is always a hit, whatever its confidence (recall first).
            bool own = candidate == 0 && kind is MatchKind.Exact or MatchKind.ExactStateUnknown or MatchKind.ExactOtherState;
            if (!own && score < minScore)
            {
                return;
            }

            for (int k = first; k < into.Count; k++)
            {
                if (into[k].Entry == e)
                {
                    if (score > into[k].Score)
                    {
                        into[k] = new HotListMatch(e, kind, score, candidate);
                    }

                    return;
                }
            }

            into.Add(new HotListMatch(e, kind, score, candidate));
        }
    }
}
