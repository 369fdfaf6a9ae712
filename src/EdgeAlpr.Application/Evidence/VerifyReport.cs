namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// The result of checking every image against its name and every record against the images:
/// corrupt or missing evidence is listed one by one.
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
    public bool Ok => CorruptImages.Count == 0 && MissingImages.Count == 0 && DatabaseProblems.Count == 0;
}

/// <summary>An image a kept read refers to that is not on disk.</summary>
public sealed record MissingImage(Guid ReadId, string Sha256);
