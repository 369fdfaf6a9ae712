namespace EdgeAlpr.Export;

/// <summary>What a package's checked <c>metadata.json</c> says: the release, and how many reads and images (each image matched its capture hash).</summary>
public sealed record OpenedEvidence(Guid DisseminationId, string? CaseNumber, int Reads, int Images);
