namespace EdgeAlpr.Application.Ports;

/// <summary>
/// Seals a release's files into an encrypted evidence package. The package is sealed beside its
/// final name and put in place only after the application has recorded the release, so no package
/// exists without its dissemination record; a release that fails is discarded.
/// </summary>
public interface IEvidencePackager
{
    /// <summary>Seals <paramref name="files"/> for <paramref name="destination"/> (not yet there).</summary>
    /// <param name="destination">Where the package goes once the release is recorded.</param>
    /// <param name="files">The files, in the order they are sealed.</param>
    /// <param name="at">The release's time, written into the package's manifest.</param>
    SealedPackage Seal(string destination, IReadOnlyList<ReleaseFile> files, DateTimeOffset at);

    /// <summary>Moves the sealed package to its destination.</summary>
    void PutInPlace(SealedPackage package);

    /// <summary>Removes a sealed package that will not be released.</summary>
    void Discard(SealedPackage package);
}

/// <summary>A file of a release: its path inside the package and its bytes (images are the originals).</summary>
public sealed record ReleaseFile(string Path, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// A sealed package not yet in place: its id, the SHA-256 and size of the sealed file, and how it
/// was keyed (<c>passphrase</c> or <c>random</c>; a random key's text is given once, here, and kept nowhere).
/// </summary>
public sealed record SealedPackage(string Destination, string SealedPath, string PackageId, string Sha256, long Bytes, string KeyKind)
{
    public string? KeyText { get; init; }
}
