namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// A read gathered for release: the read, its hits, and its images' original bytes, each checked
/// against the SHA-256 taken at capture. Images dropped under the quota are named in <see cref="MissingImages"/>.
/// </summary>
public sealed record ExportRead(
    StoredRead Read,
    IReadOnlyList<StoredHit> Hits,
    IReadOnlyDictionary<string, byte[]> Images,
    IReadOnlyList<StoredImage> MissingImages
);
