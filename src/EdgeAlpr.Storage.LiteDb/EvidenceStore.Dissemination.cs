using EdgeAlpr.Core.Policy;
using LiteDB;

namespace EdgeAlpr.Storage;

public sealed partial class EvidenceStore
{
    /// <summary>
    /// Gathers reads for release, for an authorised use only (refused and audited otherwise):
    /// each must be in the store and within its retention, and its images must still match their
    /// capture hashes (<see cref="CorruptImageException"/> otherwise: corrupt evidence is not released).
    /// </summary>
    /// <param name="readIds">The reads asked for.</param>
    /// <param name="use">The case number and purpose the release is for.</param>
    /// <param name="otherProblems">What the caller found wrong with the rest of the request (the recipient, the file): refused and audited with the rest.</param>
    public IReadOnlyList<ExportRead> GatherForExport(IReadOnlyList<Guid> readIds, AuthorisedUse use, IReadOnlyList<string>? otherProblems = null)
    {
        ArgumentNullException.ThrowIfNull(readIds);
        ArgumentNullException.ThrowIfNull(use);
        var problems = use.Problems().Concat(otherProblems ?? []).ToList();
        if (readIds.Count == 0)
        {
            problems.Add("name at least one read to export (--read ID)");
        }

        if (problems.Count > 0)
        {
            RefuseExport(readIds, use, problems);
        }

        DateTimeOffset now = Now;
        List<Guid> wanted = readIds.Distinct().ToList();
        List<BsonDocument> reads = ReadOnly(db => wanted.Select(id => db.GetCollection(StoreCollections.Reads).FindById(id)).ToList());
        for (int i = 0; i < reads.Count; i++)
        {
            if (reads[i] is null)
            {
                problems.Add($"no read {wanted[i]} in this store");
            }
            else if (!WithinRetention(reads[i], now))
            {
                problems.Add($"read {reads[i]["_id"].AsGuid} is past its retention and may not be released");
            }
        }

        if (problems.Count > 0)
        {
            RefuseExport(readIds, use, problems);
        }

        var gathered = new List<ExportRead>(reads.Count);
        foreach (BsonDocument doc in reads)
        {
            StoredRead read = StoreDocuments.ToStoredRead(doc);
            List<StoredHit> hits = ReadOnly(db => db.GetCollection(StoreCollections.Hits).Find(Query.EQ("read_id", read.Id)).Select(StoreDocuments.ToStoredHit).ToList());
            var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var missing = new List<StoredImage>();
            foreach (StoredImage image in read.Images)
            {
                if (read.ImagesDroppedAt is not null && !_images.Exists(image.Sha256))
                {
                    missing.Add(image);
                    continue;
                }

                images[image.Sha256] = _images.Read(image.Sha256);
            }

            gathered.Add(new ExportRead(read, hits, images, missing));
        }

        return gathered;
    }

    /// <summary>
    /// Records a release: the record is stored for the long term, audited, and forwarded; the
    /// reads released become evidence, kept as long as hits are.
    /// </summary>
    public void RecordDissemination(Dissemination record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Write(db =>
        {
            db.GetCollection(StoreCollections.Disseminations).Insert(DisseminationDocument(record));
            ILiteCollection<BsonDocument> reads = db.GetCollection(StoreCollections.Reads);
            foreach (Guid id in record.Reads)
            {
                if (reads.FindById(id) is { } read)
                {
                    read["evidence"] = true;
                    read["class"] = "serious";
                    reads.Update(read);
                }
            }

            Enqueue(db, OutboxKind.Dissemination, record.Id, null, Now);
            // The audit event carries the record itself, less what the event says in its own fields.
            BsonDocument details = DisseminationDocument(record);
            string[] inEvent = ["_id", "at", "released_by", "forwarded_at"];
            foreach (string field in inEvent)
            {
                details.Remove(field);
            }

            return Audit(db, "evidence_disseminated", subject: record.Id.ToString(), details, record.ReleasedBy);
        });
    }

    public StoredDissemination? FindDissemination(Guid id) =>
        ReadOnly(db => db.GetCollection(StoreCollections.Disseminations).FindById(id) is { } doc ? ToStoredDissemination(doc) : null);

    /// <summary>Every dissemination record, oldest first, optionally of one case.</summary>
    public IReadOnlyList<StoredDissemination> Disseminations(string? caseNumber = null) => ReadOnly(db => db.GetCollection(StoreCollections.Disseminations)
        .Find(Query.All("at", Query.Ascending))
        .Where(d => caseNumber is null || d["case_number"].AsString == caseNumber)
        .Select(ToStoredDissemination)
        .ToList());

    private void RefuseExport(IReadOnlyList<Guid> readIds, AuthorisedUse use, List<string> problems)
    {
        Write(db => Audit(db, "export_refused", subject: null, new BsonDocument
        {
            ["case_number"] = use.CaseNumber?.Trim() ?? string.Empty,
            ["purpose"] = use.Purpose?.Trim() ?? string.Empty,
            ["requested_by"] = use.RequestedBy,
            ["reads"] = new BsonArray(readIds.Select(r => new BsonValue(r))),
            ["problems"] = new BsonArray(problems.Select(p => new BsonValue(p))),
        }, use.RequestedBy));
        throw new UseRefusedException(problems);
    }

    private static BsonDocument DisseminationDocument(Dissemination d) => new()
    {
        ["_id"] = d.Id,
        ["at"] = StoreDocuments.Utc(d.At),
        ["case_number"] = d.CaseNumber,
        ["purpose"] = d.Purpose,
        ["requested_by"] = d.RequestedBy,
        ["recipient_agency"] = d.RecipientAgency,
        ["recipient_verified"] = d.RecipientVerified,
        ["verified_by"] = d.VerifiedBy,
        ["released_by"] = d.ReleasedBy,
        ["reads"] = new BsonArray(d.Reads.Select(r => new BsonValue(r))),
        ["images"] = new BsonArray(d.Images.Select(i => new BsonValue(i))),
        ["package_id"] = d.PackageId,
        ["package_file"] = d.PackageFile,
        ["package_sha256"] = d.PackageSha256,
        ["package_bytes"] = d.PackageBytes,
        ["key_kind"] = d.KeyKind,
        ["forwarded_at"] = BsonValue.Null,
    };

    private static StoredDissemination ToStoredDissemination(BsonDocument d) => new(
        new Dissemination(
            d["_id"].AsGuid,
            StoreDocuments.Time(d["at"]),
            d["case_number"].AsString,
            d["purpose"].AsString,
            d["requested_by"].AsString,
            d["recipient_agency"].AsString,
            d["recipient_verified"].AsBoolean,
            d["verified_by"].IsString ? d["verified_by"].AsString : null,
            d["released_by"].AsString,
            d["reads"].AsArray.Select(v => v.AsGuid).ToList(),
            d["images"].AsArray.Select(v => v.AsString).ToList(),
            d["package_id"].AsString,
            d["package_file"].AsString,
            d["package_sha256"].AsString,
            d["package_bytes"].AsInt64,
            d["key_kind"].AsString),
        StoreDocuments.OptionalTime(d["forwarded_at"]));
}
