namespace EdgeAlpr.Export;

/// <summary>A package opened and checked: its id and time, how it was sealed, and the files (each matched the manifest).</summary>
public sealed record OpenedPackage(string PackageId, DateTimeOffset CreatedAt, string KeyKind, IReadOnlyList<OpenedFile> Files);
