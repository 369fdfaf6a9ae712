using System.Text;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// Produces the package of an approved release request (<see cref="DecideRelease"/> calls it; nothing else
/// produces one): each read present and within retention and its images matching their capture hashes. Any
/// problem refuses the whole release before a byte is read, and the refusal is audited with every reason; a
/// release is recorded (kept, audited, forwarded, and its request marked approved) before the package is put
/// in place, so no package exists without its record. <see cref="Check"/> is also the request's own check.
/// </summary>
public sealed class ReleaseEvidence(
    IReadStore reads,
    IRetention retention,
    IDisseminationLog disseminations,
    IAuditLog audit,
    UsePolicy? policy = null
)
{
    private readonly UsePolicy _policy = policy ?? UsePolicy.Default;

    private static readonly JsonSerializerOptions IndentedJson = new(WireJson.Options) { WriteIndented = true };

    /// <summary>
    /// Releases the reads of an approved request: refused and audited on any problem (its own and
    /// <paramref name="otherProblems"/>, what the caller found wrong with the rest, such as the file), else
    /// gathered, sealed by <paramref name="packager"/> with the disclaimer and the metadata, recorded (kept,
    /// audited, forwarded; the reads become evidence; the request approved) and only then put in place.
    /// </summary>
    public Released Release(ApprovedRelease release, IEvidencePackager packager, IReadOnlyList<string>? otherProblems = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(packager);
        AuthenticatedUser approver = release.Approver;
        ReleaseRequest request = release.Request;
        Access.Authorize(approver, Permission.ApproveRelease, audit, "release", request.Id.ToString());
        if (request.State != ReleaseRequestState.Pending || string.Equals(request.RequestedBy, approver.Login, StringComparison.Ordinal))
        {
            // DecideRelease refuses both, audited, before it gets here; this is the producer's own guard.
            throw new InvalidOperationException($"release request {request.Id} is not one {approver.Login} may approve");
        }

        IReadOnlyList<ExportRead> gathered = Gather(approver, request.Reads, request.Use, otherProblems);
        DateTimeOffset now = release.At;
        var files = new List<ReleaseFile>();
        foreach (ExportRead e in gathered)
        {
            foreach (StoredImage image in e.Read.Images.Where(i => e.Images.ContainsKey(i.Sha256)))
            {
                files.Add(new ReleaseFile(FileOf(e, image), e.Images[image.Sha256]));
            }
        }

        var draft = new Dissemination(
            Guid.CreateVersion7(now),
            now,
            request.CaseNumber,
            request.Purpose,
            request.OnBehalfOf is { } behalf ? $"{request.RequestedBy} on behalf of {behalf}" : request.RequestedBy,
            request.Recipient.Agency,
            // The approval is the verification: the supervisor vouches the recipient is the agency its ORI names.
            RecipientVerified: true,
            approver.Login,
            approver.Login,
            gathered.Select(g => g.Read.Id).ToList(),
            gathered.SelectMany(g => g.Images.Keys).Distinct().ToList(),
            string.Empty,
            Path.GetFileName(release.Destination),
            string.Empty,
            0,
            string.Empty
        )
        {
            RecipientOri = request.Recipient.Ori,
            RecipientKind = request.Recipient.Kind,
            RequestId = request.Id,
            Requester = request.RequestedBy,
            OnBehalfOf = request.OnBehalfOf,
            ApprovedBy = approver.Login,
        };
        EvidenceMetadata metadata = EvidenceMetadata.From(
            draft,
            gathered[0].Read.DeviceId,
            gathered.Select(g => ReadWire.ToRecord(g, i => FileOf(g, i))).ToList()
        );
        files.Insert(0, new ReleaseFile("DISCLAIMER.txt", Encoding.UTF8.GetBytes(ReleaseDisclaimer.Text(draft))));
        files.Insert(1, new ReleaseFile("metadata.json", JsonSerializer.SerializeToUtf8Bytes(metadata, IndentedJson)));

        SealedPackage sealedPackage = packager.Seal(release.Destination, files, now);
        Dissemination record = draft with
        {
            PackageId = sealedPackage.PackageId,
            PackageSha256 = sealedPackage.Sha256,
            PackageBytes = sealedPackage.Bytes,
            KeyKind = sealedPackage.KeyKind,
        };
        try
        {
            disseminations.RecordDissemination(record);
            packager.PutInPlace(sealedPackage);
        }
        catch
        {
            packager.Discard(sealedPackage);
            throw;
        }

        return new Released(record, sealedPackage, gathered.Count, draft.Images.Count, gathered.Sum(g => g.MissingImages.Count));
    }

    /// <summary>
    /// Gathers the reads for release, or refuses (<see cref="UseRefusedException"/>, audited).
    /// <paramref name="otherProblems"/> holds what the caller found wrong with the rest of the request
    /// (the recipient, the file): refused and audited with the rest.
    /// </summary>
    public IReadOnlyList<ExportRead> Gather(
        AuthenticatedUser actor,
        IReadOnlyList<Guid> readIds,
        AuthorisedUse use,
        IReadOnlyList<string>? otherProblems = null
    ) =>
        // Images are read and checked only now, once the release is allowed; each read was found once, in Check.
        reads.Gather(Check(actor, readIds, use, otherProblems));

    /// <summary>
    /// The checks of a release without reading an image: the grounds, <paramref name="otherProblems"/>, and each
    /// read present and within retention. Returns the reads, or refuses (<see cref="UseRefusedException"/>) with
    /// every problem, audited as <paramref name="refusal"/> under <paramref name="actor"/>.
    /// </summary>
    public IReadOnlyList<StoredRead> Check(
        AuthenticatedUser actor,
        IReadOnlyList<Guid> readIds,
        AuthorisedUse use,
        IReadOnlyList<string>? otherProblems = null,
        string refusal = "export_refused"
    )
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(readIds);
        ArgumentNullException.ThrowIfNull(use);
        var problems = use.Problems(_policy).Concat(otherProblems ?? []).ToList();
        if (readIds.Count == 0)
        {
            problems.Add("name at least one read to release (--read ID)");
        }

        if (problems.Count > 0)
        {
            Refuse(refusal, actor, readIds, use, problems);
        }

        List<Guid> wanted = readIds.Distinct().ToList();
        var found = new List<StoredRead>(wanted.Count);
        foreach (Guid id in wanted)
        {
            StoredRead? read = reads.FindRead(id);
            if (read is null)
            {
                problems.Add($"no read {id} in this store");
            }
            else if (!retention.IsWithinRetention(read))
            {
                problems.Add($"read {read.Id} is past its retention and may not be released");
            }
            else
            {
                found.Add(read);
            }
        }

        if (problems.Count > 0)
        {
            Refuse(refusal, actor, readIds, use, problems);
        }

        return found;
    }

    private void Refuse(string action, AuthenticatedUser actor, IReadOnlyList<Guid> readIds, AuthorisedUse use, List<string> problems)
    {
        audit.RecordAudit(
            action,
            subject: null,
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["case_number"] = use.Case,
                ["purpose"] = use.Purpose?.Trim() ?? string.Empty,
                ["on_behalf_of"] = use.Behalf,
                ["reads"] = readIds,
                ["problems"] = problems,
            },
            actor.Login
        );
        throw new UseRefusedException(problems);
    }

    // One image's file in the package: by read, role and the start of its capture hash.
    private static string FileOf(ExportRead e, StoredImage image) =>
        $"images/{e.Read.Id}/{image.Role}-{image.Sha256[..16]}{Extension(image.MediaType)}";

    private static string Extension(string mediaType) =>
        mediaType switch
        {
            "image/jpeg" => ".jpg",
            "image/png" => ".png",
            "image/webp" => ".webp",
            _ => ".bin",
        };
}

/// <summary>
/// A release request approved: the request, the supervisor who approved it (and so releases it and vouches for
/// the recipient), where the package goes, and the release's time.
/// </summary>
/// <param name="Request">The pending request being approved.</param>
/// <param name="Approver">The signed-in supervisor; never the requester.</param>
/// <param name="Destination">The package file to write.</param>
/// <param name="At">The release's time.</param>
public sealed record ApprovedRelease(ReleaseRequest Request, AuthenticatedUser Approver, string Destination, DateTimeOffset At);

/// <summary>A release done: its record as kept and forwarded, the package in place, and what it holds.</summary>
/// <param name="Record">The dissemination record.</param>
/// <param name="Package">The package, now at its destination.</param>
/// <param name="Reads">Reads released.</param>
/// <param name="Images">Images included.</param>
/// <param name="MissingImages">Images given up under the quota before the release, named in the metadata.</param>
public sealed record Released(Dissemination Record, SealedPackage Package, int Reads, int Images, int MissingImages);
