namespace EdgeAlpr.Export;

/// <summary>
/// A package opened and checked: its id and time, how it was sealed, the files (each matched the
/// manifest) and its metadata (every image matched its capture hash).
/// </summary>
public sealed record OpenedPackage(
    string PackageId,
    DateTimeOffset CreatedAt,
    string KeyKind,
    IReadOnlyList<OpenedFile> Files,
    OpenedEvidence Evidence
);
