using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Evidence;

namespace EdgeAlpr.WebConsole.Wire;

/// <summary>
/// <c>POST /api/releases</c>'s body: the reads (their ids, as a search gave them), the grounds and the recipient as
/// typed. The requester is the session's user; a field naming anyone else is ignored.
/// </summary>
public sealed record ReleaseRequestWire(
    IReadOnlyList<string>? Reads,
    string? CaseNumber,
    string? Purpose,
    string? OnBehalfOf,
    string? RecipientAgency,
    string? RecipientOri,
    string? RecipientKind
);

/// <summary><c>POST /api/releases/{id}/approve</c>'s body: the passphrase to seal with, or <c>generate_key</c> for a random key shown once.</summary>
public sealed record ApproveWire(string? Passphrase, bool? GenerateKey);

/// <summary><c>POST /api/releases/{id}/refuse</c>'s body.</summary>
public sealed record RefuseWire(string? Reason);

/// <summary>
/// A release request as the console lists it: the CLI's <c>export requests --json</c> record, each read with its
/// images' links, and where its package is to be had once approved.
/// </summary>
public sealed record ReleaseListingWire(ReleaseRequestRecord Request, IReadOnlyList<ReleaseReadWire> Reads, string? PackageUrl);

/// <summary>A read of a request: its id and its images' links (every read has a plate crop and a context image; the read-image endpoint checks and audits each look).</summary>
public sealed record ReleaseReadWire(Guid ReadId, string PlateImageUrl, string ContextImageUrl)
{
    public static ReleaseReadWire Of(Guid read) => new(read, SearchResultWire.ImageUrl(read, "plate"), SearchResultWire.ImageUrl(read, "context"));
}

/// <summary>
/// An approval done: the request now approved, its release record's ids, the package's hash and size, where to
/// download it, and — only when the unit made the key, and only in this answer — the key that opens it.
/// </summary>
public sealed record ApprovedWire(
    Guid RequestId,
    string State,
    Guid DisseminationId,
    string PackageId,
    string PackageSha256,
    long PackageBytes,
    string KeyKind,
    string? Key,
    int Reads,
    int Images,
    int MissingImages,
    string PackageUrl
)
{
    public static ApprovedWire From(Guid requestId, Released released, string packageUrl)
    {
        ArgumentNullException.ThrowIfNull(released);
        return new ApprovedWire(
            requestId,
            "approved",
            released.Record.Id,
            released.Package.PackageId,
            released.Package.Sha256,
            released.Package.Bytes,
            released.Package.KeyKind,
            released.Package.KeyText,
            released.Reads,
            released.Images,
            released.MissingImages,
            packageUrl
        );
    }
}
