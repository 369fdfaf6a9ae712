namespace EdgeAlpr.Application.HotLists;

/// <summary>
/// The key that authenticates the hot list's fast-start copy (<c>snapshot.bin</c>): a 32-byte
/// HMAC-SHA256 key the unit holds and an attacker who can write the list's folder does not. The
/// host derives it from the store key (HKDF info <c>hotlist-copy</c>, docs/store.md) and hands it
/// to the hot list, which cannot reach the store itself (adapters never reference each other).
/// <see cref="None"/> when the process has no store key: then no copy is trusted or written, and
/// the list is always built from the signed files.
/// </summary>
public sealed class HotListCopyKey
{
    public const int Length = 32;

    private readonly byte[]? _key;

    private HotListCopyKey(byte[]? key, string? why)
    {
        _key = key;
        Why = why;
    }

    /// <summary>True when a key is held.</summary>
    public bool Present => _key is not null;

    /// <summary>Why there is no key (for the log), when there is none.</summary>
    public string? Why { get; }

    /// <summary>The key's bytes; only when <see cref="Present"/>.</summary>
    public ReadOnlySpan<byte> Bytes => _key ?? throw new InvalidOperationException("no hot-list copy key is held: " + Why);

    /// <param name="key">Exactly <see cref="Length"/> bytes, secret to the unit; copied.</param>
    public static HotListCopyKey From(ReadOnlySpan<byte> key) =>
        key.Length == Length
            ? new HotListCopyKey(key.ToArray(), null)
            : throw new ArgumentException($"a hot-list copy key is {Length} bytes, not {key.Length}", nameof(key));

    /// <param name="why">Why the process holds no key, said when the copy is passed over.</param>
    public static HotListCopyKey None(string why) => new(null, why);

    public override string ToString() => Present ? "hot-list copy key (held)" : $"no hot-list copy key ({Why})";
}
