namespace EdgeAlpr.Export;

/// <summary>One file in a package: its path inside it (forward slashes) and its bytes, unchanged.</summary>
public sealed record PackageFile(string Path, ReadOnlyMemory<byte> Bytes);

/// <summary>A file as opened from a package, with the SHA-256 the manifest gave it (and it matched).</summary>
public sealed record OpenedFile(string Path, long Bytes, string Sha256);
