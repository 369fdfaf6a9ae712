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
/// A person releases kept reads outside the unit: only for an authorised use, to a named
/// recipient, each read present and within retention and its images matching their capture
/// hashes. Any problem refuses the whole release before a byte is read, and the refusal is
/// audited with every reason; a release is recorded (kept, audited, forwarded) before the
/// package is put in place, so no package exists without its record.
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
    /// Releases the reads of <paramref name="request"/>: refused and audited on any problem (its own
    /// and <paramref name="otherProblems"/>, what the caller found wrong with the rest of the request),
    /// else gathered, sealed by <paramref name="packager"/> with the disclaimer and the metadata,
    /// recorded (kept, audited, forwarded; the reads become evidence) and only then put in place.
    /// </summary>
    public Released Release(ReleaseRequest request, IEvidencePackager packager, IReadOnlyList<string>? otherProblems = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(packager);
        Access.Authorize(request.Actor, Permission.RequestRelease, audit, "release");
        IReadOnlyList<ExportRead> gathered = Gather(request.Actor, request.Reads, request.Use, otherProblems);
        DateTimeOffset now = request.At;
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
            request.Use.Case,
            request.Use.Purpose!.Trim(),
            request.Use.Behalf is { } behalf ? $"{request.Actor.Login} on behalf of {behalf}" : request.Actor.Login,
            request.RecipientAgency.Trim(),
            request.VerifiedBy is not null,
            request.VerifiedBy?.Trim(),
            request.Actor.Login,
            gathered.Select(g => g.Read.Id).ToList(),
            gathered.SelectMany(g => g.Images.Keys).Distinct().ToList(),
            string.Empty,
            Path.GetFileName(request.Destination),
            string.Empty,
            0,
            string.Empty
        );
        EvidenceMetadata metadata = EvidenceMetadata.From(
            draft,
            gathered[0].Read.DeviceId,
            gathered.Select(g => ReadWire.ToRecord(g, i => FileOf(g, i))).ToList()
        );
        files.Insert(0, new ReleaseFile("DISCLAIMER.txt", Encoding.UTF8.GetBytes(ReleaseDisclaimer.Text(draft))));
        files.Insert(1, new ReleaseFile("metadata.json", JsonSerializer.SerializeToUtf8Bytes(metadata, IndentedJson)));

        SealedPackage sealedPackage = packager.Seal(request.Destination, files, now);
        Dissemination record = draft with
        {
            PackageId = sealedPackage.PackageId,
            PackageSha256 = sealedPackage.Sha256,
            PackageBytes = sealedPackage.Bytes,
            KeyKind = sealedPackage.KeyKind,
        };
        try
        {
            Record(record);
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
    )
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(readIds);
        ArgumentNullException.ThrowIfNull(use);
        var problems = use.Problems(_policy).Concat(otherProblems ?? []).ToList();
        if (readIds.Count == 0)
        {
            problems.Add("name at least one read to export (--read ID)");
        }

        if (problems.Count > 0)
        {
            Refuse(actor, readIds, use, problems);
        }

        List<Guid> wanted = readIds.Distinct().ToList();
        var found = new List<StoredRead>(wanted.Count);
        foreach (Guid id in wanted)
        {
            StoredRead? read = reads.FindRead(id);
            if (read is not null)
            {
                found.Add(read);
            }

            if (read is null)
            {
                problems.Add($"no read {id} in this store");
            }
            else if (!retention.IsWithinRetention(read))
            {
                problems.Add($"read {read.Id} is past its retention and may not be released");
            }
        }

        if (problems.Count > 0)
        {
            Refuse(actor, readIds, use, problems);
        }

        // Images are read and checked only now, once the release is allowed; each read was found once, above.
        return reads.Gather(found);
    }

    /// <summary>Records a release: stored for the long term, audited and forwarded; the reads become evidence.</summary>
    public void Record(Dissemination record) => disseminations.RecordDissemination(record);

    private void Refuse(AuthenticatedUser actor, IReadOnlyList<Guid> readIds, AuthorisedUse use, List<string> problems)
    {
        audit.RecordAudit(
            "export_refused",
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
/// A release asked for: the reads, the grounds and who asks (<paramref name="Use"/>), the recipient
/// and who verified it is a law-enforcement agency (null: not verified, recorded so), who releases
/// it, where the package goes, and the release's time.
/// </summary>
/// <param name="Reads">The reads to release.</param>
/// <param name="Use">The case number, the authorised purpose, and whom the actor acts for.</param>
/// <param name="RecipientAgency">The agency receiving the package, with its ORI.</param>
/// <param name="VerifiedBy">Who verified the recipient; null when it was not verified.</param>
/// <param name="Actor">The signed-in person who releases it.</param>
/// <param name="Destination">The package file to write.</param>
/// <param name="At">The release's time.</param>
public sealed record ReleaseRequest(
    IReadOnlyList<Guid> Reads,
    AuthorisedUse Use,
    string RecipientAgency,
    string? VerifiedBy,
    AuthenticatedUser Actor,
    string Destination,
    DateTimeOffset At
);

/// <summary>A release done: its record as kept and forwarded, the package in place, and what it holds.</summary>
/// <param name="Record">The dissemination record.</param>
/// <param name="Package">The package, now at its destination.</param>
/// <param name="Reads">Reads released.</param>
/// <param name="Images">Images included.</param>
/// <param name="MissingImages">Images given up under the quota before the release, named in the metadata.</param>
public sealed record Released(Dissemination Record, SealedPackage Package, int Reads, int Images, int MissingImages);
