using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// One immutable version of the hot list with its indexes. Lookups never lock and never see a
/// half-applied update: an update builds a new snapshot beside this one and swaps the reference.
/// </summary>
public sealed partial class HotListSnapshot
{
    private readonly SnapshotColumns _columns;
    private readonly string[] _states;
    private readonly FrozenDictionary<string, ushort> _stateIndex;
    private readonly string[] _sources;
    private readonly CanonicalIndex _index;
    private readonly DeletionIndex _deletions;
    private readonly WildcardIndex _wildcards;
    private readonly OcrEquivalence _equivalence;
    private readonly int _editMinLength;

    internal HotListSnapshot(
        SnapshotColumns columns,
        string[] states,
        string[] sources,
        CanonicalIndex index,
        DeletionIndex deletions,
        WildcardIndex wildcards,
        HotListPolicy policy,
        OcrEquivalence equivalence,
        int editMinLength,
        long version,
        DateTimeOffset? createdAt
    )
    {
        _columns = columns;
        _states = states;
        _stateIndex = states.Select((s, i) => (s, i)).ToFrozenDictionary(p => p.s, p => (ushort)p.i, StringComparer.Ordinal);
        _sources = sources;
        _index = index;
        _deletions = deletions;
        _wildcards = wildcards;
        Policy = policy;
        _equivalence = equivalence;
        _editMinLength = editMinLength;
        Version = version;
        CreatedAt = createdAt;
        for (int e = 0; e < columns.Slots; e++)
        {
            if (!columns.IsLive(e))
            {
                continue;
            }

            Count++;
            LocalCount += (columns.Core[e].Flags & EntryFlags.Local) != 0 ? 1 : 0;
            WildcardCount += (columns.Core[e].Flags & EntryFlags.Wildcard) != 0 ? 1 : 0;
        }
    }

    public static HotListSnapshot Empty(HotListPolicy policy, OcrEquivalence equivalence, int editMinLength) =>
        new HotListSnapshotBuilder(policy, equivalence, editMinLength).Build(DateTimeOffset.UnixEpoch);

    /// <summary>The platform list's version (0 when the unit has never accepted one).</summary>
    public long Version { get; }

    /// <summary>When the platform made the list this snapshot carries.</summary>
    public DateTimeOffset? CreatedAt { get; }

    public HotListPolicy Policy { get; }

    /// <summary>Entries in use (expired and merged duplicates are not counted).</summary>
    public int Count { get; }

    public int LocalCount { get; }

    public int WildcardCount { get; }

    public int WildcardPatterns => _wildcards.Patterns;

    /// <summary>Bytes held by the columns and indexes (arrays only; the measured heap is the benchmark's job).</summary>
    public long IndexBytes => _columns.Bytes + _index.Bytes + _deletions.Bytes + _wildcards.Bytes;

    internal SnapshotColumns Columns => _columns;

    internal IReadOnlyList<string> StateTable => _states;

    internal IReadOnlyList<string> SourceTable => _sources;

    /// <summary>Entries per category (primary category), for stats.</summary>
    public IReadOnlyDictionary<HotListCategory, int> CountByCategory()
    {
        var counts = new Dictionary<HotListCategory, int>();
        for (int e = 0; e < Slots; e++)
        {
            if (IsLive(e))
            {
                var c = (HotListCategory)_columns.Core[e].Category;
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        return counts;
    }

    /// <summary>Entries in use, in the order they were added.</summary>
    public IEnumerable<HotListEntry> Entries(HotListOrigin? origin = null)
    {
        for (int e = 0; e < Slots; e++)
        {
            if (IsLive(e) && (origin is null || OriginAt(e) == origin))
            {
                yield return EntryAt(e);
            }
        }
    }

    public HotListEntry EntryAt(int e)
    {
        ReadOnlySpan<byte> details = DetailBytesAt(e);
        string[] fields = Encoding.UTF8.GetString(details).Split(HotListSnapshotBuilder.FieldSeparator);
        string? Field(int i) => i < fields.Length && fields[i].Length > 0 ? fields[i] : null;
        string? enteredAt = Field(4);
        uint expires = _columns.Core[e].Expires;
        var category = (HotListCategory)_columns.Core[e].Category;
        return new HotListEntry
        {
            Plate = PlateKey.ToText(_columns.Core[e].Plate),
            State = StateAt(e),
            Category = category,
            AlsoListedAs = HotListCategories.All.Where(c => c != category && (_columns.Categories[e] & (1 << (int)c)) != 0).ToArray(),
            Source = _sources[_columns.Source[e]],
            RecordNumber = Field(0),
            Reason = Field(1),
            Vehicle = Field(2),
            EnteredBy = Field(3),
            // Written by the builder in round-trip form; a copy read back from disk is not trusted to hold one.
            EnteredAt = DateTimeOffset.TryParse(enteredAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset at)
                ? at
                : null,
            Expires = expires == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(expires),
            Origin = (_columns.Core[e].Flags & EntryFlags.Local) != 0 ? HotListOrigin.Local : HotListOrigin.Platform,
        };
    }

    /// <summary>The full hit for a match: the entry, kind, score, and the rule that it must be verified.</summary>
    public HotListHit Describe(HotListMatch match, string matchedText)
    {
        HotListEntry entry = EntryAt(match.Entry);
        return new HotListHit(
            entry,
            match.Kind,
            match.Score,
            matchedText,
            match.Candidate,
            Policy.Priority(entry.Category),
            Policy.Alerts(entry.Category)
        );
    }

    /// <summary>Hits for a read's candidates, highest priority first, then best score (near matches from <paramref name="minScore"/>, by default the policy's).</summary>
    public List<HotListHit> Hits(
        IReadOnlyList<PlateCandidate> candidates,
        string? state,
        DateTimeOffset now,
        MatchScope scope = MatchScope.All,
        float? minScore = null
    )
    {
        var matches = new List<HotListMatch>();
        PlateCandidate[] array = candidates as PlateCandidate[] ?? [.. candidates];
        Match(array, state, now, matches, scope, minScore);
        return matches
            .Select(m => Describe(m, PlateText.Normalize(array[m.Candidate].Text)))
            .OrderByDescending(h => h.Priority)
            .ThenByDescending(h => h.Score)
            .ToList();
    }

    /// <summary>Entry numbers run from 0 to <see cref="Slots"/>; dead ones (expired, merged) are skipped by everything.</summary>
    public int Slots => _columns.Slots;

    public bool IsLive(int e) => _columns.IsLive(e);

    public ulong PlateKeyAt(int e) => _columns.Core[e].Plate;

    public string? StateAt(int e) => _columns.Core[e].State == 0 ? null : _states[_columns.Core[e].State];

    internal HotListCategory CategoryAt(int e) => (HotListCategory)_columns.Core[e].Category;

    internal ushort CategoryMaskAt(int e) => _columns.Categories[e];

    internal string SourceAt(int e) => _sources[_columns.Source[e]];

    internal byte FlagsAt(int e) => _columns.Core[e].Flags;

    internal uint ExpiresAt(int e) => _columns.Core[e].Expires;

    public HotListOrigin OriginAt(int e) => (_columns.Core[e].Flags & EntryFlags.Local) != 0 ? HotListOrigin.Local : HotListOrigin.Platform;

    internal ReadOnlySpan<byte> DetailBytesAt(int e) =>
        _columns.Details.AsSpan(_columns.DetailOffsets[e], _columns.DetailOffsets[e + 1] - _columns.DetailOffsets[e]);
}
