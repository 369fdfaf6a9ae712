namespace EdgeAlpr.Contracts.Evidence;

/// <summary>What <c>edge-alpr export --json</c> prints: the package and its dissemination record, and a random key once.</summary>
public sealed record ExportSummary(
    string Package,
    string PackageId,
    string Sha256,
    long Bytes,
    Guid DisseminationId,
    string CaseNumber,
    int Reads,
    int Images,
    int ImagesNotIncluded,
    string KeyKind,
    string? Key
);

/// <summary>What <c>edge-alpr export open --json</c> prints once a package is opened and checked.</summary>
public sealed record OpenSummary(
    string Folder,
    string PackageId,
    DateTimeOffset CreatedAt,
    string KeyKind,
    int Files,
    long Bytes,
    Guid? DisseminationId,
    string? CaseNumber,
    int Reads,
    int Images,
    bool ImagesMatchCapture
);
