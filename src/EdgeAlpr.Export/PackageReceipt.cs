namespace EdgeAlpr.Export;

/// <summary>
/// A package written: its id, the SHA-256 and size of the sealed file (what the dissemination
/// record names), how it was sealed, and for a random key the key itself, to print once.
/// </summary>
public sealed record PackageReceipt(string PackageId, string Path, string Sha256, long Bytes, string KeyKind, IReadOnlyList<OpenedFile> Files)
{
    public string? KeyText { get; init; }

    public override string ToString() => $"{PackageId} ({Bytes} bytes, {KeyKind})";
}
