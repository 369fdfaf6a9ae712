using System.Globalization;
using System.Text;

namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// Collects entries into columns (no object per entry, so 2 million entries load without
/// pressure on the collector) and builds an immutable <see cref="HotListSnapshot"/>: expired
/// entries dropped, duplicates merged keeping the highest priority, indexes built.
/// </summary>
public sealed class HotListSnapshotBuilder
{
    internal const char FieldSeparator = '\u001F';

    private readonly HotListPolicy _policy;
    private readonly OcrEquivalence _equivalence;
    private readonly int _editMinLength;
    private readonly List<string> _states = [""];
    private readonly Dictionary<string, ushort> _stateIndex = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<string> _sources = [];
    private readonly Dictionary<string, byte> _sourceIndex = new(StringComparer.Ordinal);

    private EntryCore[] _core = [];
    private ushort[] _categories = [];
    private byte[] _source = [];
    private int[] _detailStart = [0];
    private bool _built;
    private byte[] _details = new byte[1024];
    private int _detailsUsed;

    public HotListSnapshotBuilder(HotListPolicy policy, OcrEquivalence equivalence, int editMinLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(editMinLength, 2);
        _policy = policy;
        _equivalence = equivalence;
        _editMinLength = editMinLength;
    }

    /// <summary>The platform list's version the snapshot will carry (0: none yet).</summary>
    public long Version { get; set; }

    /// <summary>When the platform made the list the snapshot will carry.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    public int Count { get; private set; }

    /// <summary>
    /// Sizes the columns for <paramref name="capacity"/> entries and <paramref name="detailBytes"/> bytes of
    /// text, instead of growing by doubling.
    /// </summary>
    public void EnsureCapacity(int capacity, int detailBytes = 0)
    {
        if (capacity > _core.Length)
        {
            Resize(capacity);
        }

        Reserve(detailBytes);
    }

    /// <summary>Adds an entry, or returns why it cannot be loaded (nothing is added then).</summary>
    public string? TryAdd(HotListEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string? problem = HotListEntryRules.Problem(entry, _policy, out ulong key);
        if (problem is not null)
        {
            return problem;
        }

        if (_sources.Count == byte.MaxValue + 1 && !_sourceIndex.ContainsKey(entry.Source))
        {
            return $"too many distinct sources (at most {byte.MaxValue + 1})";
        }

        if (_states.Count == ushort.MaxValue + 1 && !_stateIndex.ContainsKey(entry.State ?? ""))
        {
            return $"too many distinct states (at most {ushort.MaxValue + 1})";
        }

        ushort mask = 0;
        foreach (HotListCategory also in entry.AlsoListedAs)
        {
            mask |= (ushort)(1 << (int)also);
        }

        int i = Append(
            key,
            InternState(entry.State),
            entry.Category,
            (ushort)(mask | (1 << (int)entry.Category)),
            InternSource(entry.Source),
            (byte)((entry.Origin == HotListOrigin.Local ? EntryFlags.Local : 0) | (entry.IsWildcard ? EntryFlags.Wildcard : 0)),
            ToUnix(entry.Expires)
        );
        WriteDetails(entry);
        return null;
    }

    /// <summary>Copies the entries of <paramref name="snapshot"/> that <paramref name="keep"/> accepts.</summary>
    public void AddFrom(HotListSnapshot snapshot, Func<HotListSnapshot, int, bool>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        EnsureCapacity(Count + snapshot.Count);
        for (int e = 0; e < snapshot.Slots; e++)
        {
            if (!snapshot.IsLive(e) || (keep is not null && !keep(snapshot, e)))
            {
                continue;
            }

            HotListCategory category = snapshot.CategoryAt(e);
            if (!_policy.Allows(category))
            {
                continue;
            }

            int i = Append(
                snapshot.PlateKeyAt(e),
                InternState(snapshot.StateAt(e) ?? ""),
                category,
                snapshot.CategoryMaskAt(e),
                InternSource(snapshot.SourceAt(e)),
                snapshot.FlagsAt(e),
                snapshot.ExpiresAt(e)
            );
            ReadOnlySpan<byte> details = snapshot.DetailBytesAt(e);
            Reserve(details.Length);
            details.CopyTo(_details.AsSpan(_detailsUsed));
            _detailsUsed += details.Length;
        }
    }

    /// <summary>A builder holding columns read back from <see cref="SnapshotFormat"/>; merged-away entries stay dead.</summary>
    internal static HotListSnapshotBuilder FromColumns(
        HotListPolicy policy,
        OcrEquivalence equivalence,
        int editMinLength,
        EntryCore[] core,
        ushort[] categories,
        byte[] source,
        int[] detailOffsets,
        byte[] details,
        string[] states,
        string[] sources
    )
    {
        int n = core.Length;
        if (
            categories.Length != n
            || source.Length != n
            || detailOffsets.Length != n + 1
            || detailOffsets[n] > details.Length
            || n > DeletionIndex.MaxEntries
        )
        {
            throw new ArgumentException("columns of different lengths");
        }

        if (states.Length > ushort.MaxValue + 1 || sources.Length > byte.MaxValue + 1)
        {
            throw new ArgumentException("more states or sources than an entry can refer to");
        }

        var builder = new HotListSnapshotBuilder(policy, equivalence, editMinLength);
        foreach (string state in states.Skip(1))
        {
            builder.InternState(state);
        }

        foreach (string s in sources)
        {
            builder.InternSource(s);
        }

        // A name given twice would leave entries pointing past the builder's own tables.
        if (builder._states.Count != states.Length || builder._sources.Count != sources.Length)
        {
            throw new ArgumentException("a state or source name is listed twice");
        }

        for (int e = 0; e < n; e++)
        {
            if (
                core[e].State >= states.Length
                || source[e] >= sources.Length
                || core[e].Category >= HotListCategories.All.Count
                || detailOffsets[e] < 0
                || detailOffsets[e] > detailOffsets[e + 1]
                || (core[e].Flags & ~(EntryFlags.Local | EntryFlags.Wildcard | EntryFlags.Dead)) != 0
                || !PlateKey.IsWellFormed(core[e].Plate, wildcard: (core[e].Flags & EntryFlags.Wildcard) != 0)
            )
            {
                throw new ArgumentException($"entry {e} is out of range");
            }

            // A copy made under another profile may hold what this unit may not: it is left out.
            if (!policy.Allows((HotListCategory)core[e].Category))
            {
                core[e].Flags |= EntryFlags.Dead;
            }
        }

        builder._core = core;
        builder._categories = categories;
        builder._source = source;
        builder._detailStart = detailOffsets;
        builder._details = details;
        builder._detailsUsed = detailOffsets[n];
        builder.Count = n;
        return builder;
    }

    internal HotListSnapshotBuilder WithVersion(long version, DateTimeOffset? createdAt)
    {
        Version = version;
        CreatedAt = createdAt;
        return this;
    }

    /// <summary>Appends every entry of another builder (one that read another piece of the same list), in bulk.</summary>
    public void AddFrom(HotListSnapshotBuilder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ObjectDisposedException.ThrowIf(other._built, other);
        ObjectDisposedException.ThrowIf(_built, this);
        if (Count + (long)other.Count > DeletionIndex.MaxEntries)
        {
            throw new InvalidOperationException($"a hot list holds at most {DeletionIndex.MaxEntries} entries");
        }

        ushort[] states = other._states.Select(InternState).ToArray();
        byte[] sources = other._sources.Select(InternSource).ToArray();
        EnsureCapacity(Count + other.Count);
        int n = other.Count;
        other._core.AsSpan(0, n).CopyTo(_core.AsSpan(Count));
        other._categories.AsSpan(0, n).CopyTo(_categories.AsSpan(Count));
        for (int e = 0; e < n; e++)
        {
            _core[Count + e].State = states[other._core[e].State];
            _source[Count + e] = sources[other._source[e]];
            _detailStart[Count + e] = _detailsUsed + other._detailStart[e];
        }

        Reserve(other._detailsUsed);
        other._details.AsSpan(0, other._detailsUsed).CopyTo(_details.AsSpan(_detailsUsed));
        _detailsUsed += other._detailsUsed;
        Count += n;
    }

    /// <summary>Builds the snapshot. The builder hands its columns over and cannot be used again.</summary>
    public HotListSnapshot Build(DateTimeOffset now)
    {
        ObjectDisposedException.ThrowIf(_built, this);
        _built = true;
        uint nowSeconds = ToUnix(now);
        int n = Count;
        Trim(n);
        var canon = new ulong[n];
        int live = 0;
        for (int i = 0; i < n; i++)
        {
            canon[i] = CanonicalKey(_core[i].Plate, _core[i].Flags);
            if (_core[i].Expires != 0 && _core[i].Expires <= nowSeconds)
            {
                _core[i].Flags |= EntryFlags.Dead;
            }

            live += (_core[i].Flags & EntryFlags.Dead) == 0 ? 1 : 0;
        }

        // The deletion index is the largest part; it is built on another core meanwhile. It sees
        // the flags before duplicates are merged (lookups skip merged-away entries).
        byte[] flags = Array.ConvertAll(_core, c => c.Flags);
        Task<DeletionIndex> deletions = Task.Run(() => DeletionIndex.Build(canon, flags, _editMinLength));
        int bits = CanonicalIndex.BitsFor(live);
        (int[] start, uint[] filed) = BucketSort.Build(new CanonicalSource(canon, _core), bits);
        Span<int> items = System.Runtime.InteropServices.MemoryMarshal.Cast<uint, int>(filed.AsSpan());
        int kept = MergeDuplicates(start, items, canon);
        CanonicalIndex index = CanonicalIndex.Build(canon, items[..kept], bits);

        _detailStart[n] = _detailsUsed;
        var columns = new SnapshotColumns
        {
            Core = _core,
            Categories = _categories,
            Source = _source,
            DetailOffsets = _detailStart,
            Details = _details.AsSpan(0, _detailsUsed).ToArray(),
        };
        return new HotListSnapshot(
            columns,
            _states.ToArray(),
            _sources.ToArray(),
            index,
            deletions.GetAwaiter().GetResult(),
            WildcardIndex.Build(canon, _core),
            _policy,
            _equivalence,
            _editMinLength,
            Version,
            CreatedAt
        );
    }

    internal static uint ToUnix(DateTimeOffset? time) => time is not { } t ? 0 : (uint)Math.Clamp(t.ToUnixTimeSeconds(), 1, uint.MaxValue);

    private ulong CanonicalKey(ulong plate, byte flags)
    {
        ulong canon = _equivalence.Canonical(plate);
        return (flags & EntryFlags.Wildcard) != 0 ? canon & PlateKey.KnownMask(plate) : canon;
    }

    /// <summary>
    /// One entry per plate, state and origin: within each bucket, entries are sorted so that
    /// duplicates are adjacent; the highest priority wins and keeps the others' categories as
    /// "also listed as"; the rest are marked dead. Compacts the bucket table in place and
    /// returns the number of entries left in it.
    /// </summary>
    private int MergeDuplicates(int[] start, Span<int> items, ulong[] canon)
    {
        var comparer = new IdentityComparer(canon, _core);
        int write = 0;
        for (int b = 0; b < start.Length - 1; b++)
        {
            int begin = start[b];
            int end = start[b + 1];
            start[b] = write;
            Span<int> bucket = items.Slice(begin, end - begin);
            if (bucket.Length > 1)
            {
                bucket.Sort(comparer);
            }

            int k = 0;
            while (k < bucket.Length)
            {
                int best = bucket[k];
                ushort categories = _categories[best];
                int j = k + 1;
                while (j < bucket.Length && comparer.SameIdentity(bucket[j], bucket[k]))
                {
                    int other = bucket[j];
                    categories |= _categories[other];
                    int byPriority = _policy
                        .Priority((HotListCategory)_core[other].Category)
                        .CompareTo(_policy.Priority((HotListCategory)_core[best].Category));
                    if (byPriority > 0 || (byPriority == 0 && other > best))
                    {
                        _core[best].Flags |= EntryFlags.Dead;
                        best = other;
                    }
                    else
                    {
                        _core[other].Flags |= EntryFlags.Dead;
                    }

                    j++;
                }

                _categories[best] = categories;
                items[write++] = best;
                k = j;
            }
        }

        start[^1] = write;
        return write;
    }

    private int Append(ulong plate, ushort state, HotListCategory category, ushort categories, byte source, byte flags, uint expires)
    {
        if (Count == _core.Length)
        {
            Resize(Math.Max(1024, Count * 2));
        }

        ObjectDisposedException.ThrowIf(_built, this);
        if (Count == DeletionIndex.MaxEntries)
        {
            throw new InvalidOperationException($"a hot list holds at most {DeletionIndex.MaxEntries} entries");
        }

        int i = Count++;
        _detailStart[i] = _detailsUsed;
        _core[i].Plate = plate;
        _core[i].State = state;
        _core[i].Category = (byte)category;
        _categories[i] = categories;
        _source[i] = source;
        _core[i].Flags = flags;
        _core[i].Expires = expires;
        return i;
    }

    private void WriteDetails(HotListEntry entry)
    {
        string enteredAt = entry.EnteredAt?.ToString("O", CultureInfo.InvariantCulture) ?? "";
        ReadOnlySpan<string?> fields = [entry.RecordNumber, entry.Reason, entry.Vehicle, entry.EnteredBy, enteredAt];
        bool any = false;
        foreach (string? f in fields)
        {
            any |= !string.IsNullOrEmpty(f);
        }

        if (!any)
        {
            return;
        }

        for (int f = 0; f < fields.Length; f++)
        {
            string text = fields[f] ?? "";
            Reserve(Encoding.UTF8.GetMaxByteCount(text.Length) + 1);
            if (f > 0)
            {
                _details[_detailsUsed++] = (byte)FieldSeparator;
            }

            _detailsUsed += Encoding.UTF8.GetBytes(text, _details.AsSpan(_detailsUsed));
        }
    }

    private void Reserve(int bytes)
    {
        if (_detailsUsed + bytes > _details.Length)
        {
            Array.Resize(ref _details, Math.Max(_details.Length * 2, _detailsUsed + bytes));
        }
    }

    private void Trim(int count)
    {
        if (_core.Length != count)
        {
            Resize(count);
        }
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref _core, capacity);
        Array.Resize(ref _categories, capacity);
        Array.Resize(ref _source, capacity);
        Array.Resize(ref _detailStart, capacity + 1);
    }

    private ushort InternState(string? state)
    {
        state ??= "";
        if (!_stateIndex.TryGetValue(state, out ushort index))
        {
            index = (ushort)_states.Count;
            _states.Add(state);
            _stateIndex[state] = index;
        }

        return index;
    }

    private byte InternSource(string source)
    {
        if (!_sourceIndex.TryGetValue(source, out byte index))
        {
            index = (byte)_sources.Count;
            _sources.Add(source);
            _sourceIndex[source] = index;
        }

        return index;
    }

    private readonly struct IdentityComparer(ulong[] canon, EntryCore[] core) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            int c = canon[a].CompareTo(canon[b]);
            c = c != 0 ? c : core[a].Plate.CompareTo(core[b].Plate);
            c = c != 0 ? c : core[a].State.CompareTo(core[b].State);
            c = c != 0 ? c : (core[a].Flags & EntryFlags.Local).CompareTo(core[b].Flags & EntryFlags.Local);
            return c != 0 ? c : a.CompareTo(b);
        }

        public bool SameIdentity(int a, int b) =>
            canon[a] == canon[b]
            && core[a].Plate == core[b].Plate
            && core[a].State == core[b].State
            && (core[a].Flags & EntryFlags.Local) == (core[b].Flags & EntryFlags.Local);
    }

    private readonly struct CanonicalSource(ulong[] canon, EntryCore[] core) : IBucketSource
    {
        public int Items => canon.Length;

        public int Buckets(int item, int bits, Span<int> buckets, Span<uint> values)
        {
            if ((core[item].Flags & EntryFlags.Dead) != 0)
            {
                return 0;
            }

            buckets[0] = PlateKey.Bucket(canon[item], bits);
            values[0] = (uint)item;
            return 1;
        }
    }
}
