namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// The result of checking every database page, record and index, the manifest, and every image
/// against its record: damaged, corrupt, missing or foreign evidence is listed one by one.
/// </summary>
public sealed record VerifyReport(
    long Reads,
    long Hits,
    long Dispositions,
    long AuditEvents,
    long ImageFiles,
    long ImageBytes,
    IReadOnlyList<string> CorruptImages,
    IReadOnlyList<MissingImage> MissingImages,
    int OrphanImages,
    IReadOnlyList<string> DatabaseProblems
)
{
    /// <summary>Unreferenced image files left empty or cut short by a crash mid-write: not tampering (<c>store purge --orphans</c> removes them).</summary>
    public int CrashLeftovers { get; init; }

    /// <summary>Files in the image folders that are not whole images of this store (altered, renamed, placed there).</summary>
    public IReadOnlyList<string> ForeignFiles { get; init; } = [];

    public bool Ok => CorruptImages.Count == 0 && MissingImages.Count == 0 && DatabaseProblems.Count == 0 && ForeignFiles.Count == 0;
}

/// <summary>An image a kept read refers to that is not on disk.</summary>
public sealed record MissingImage(Guid ReadId, string Sha256);
