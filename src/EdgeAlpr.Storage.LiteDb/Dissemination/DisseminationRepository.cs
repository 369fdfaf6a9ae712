using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Policy;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Every release of evidence (<c>edge-alpr export</c>): stored for the long term, audited and
/// queued for the platform in one commit; the reads released become evidence, kept as hits are.
/// </summary>
internal sealed class DisseminationRepository(
    StoreSession session,
    OutboxRepository outbox,
    AuditLogRepository audit,
    ReleaseRequestRepository requests
) : IDisseminationLog
{
    /// <summary>What the audit event says in its own fields, so its details leave them out.</summary>
    private static readonly string[] FieldsOfTheEvent = ["_id", "at", "released_by", "forwarded_at"];

    /// <summary>
    /// Records a release: the record is stored for the long term, audited, and forwarded; the
    /// reads released become evidence, kept as long as hits are.
    /// </summary>
    public void RecordDissemination(Dissemination record)
    {
        ArgumentNullException.ThrowIfNull(record);
        session.Write(db =>
        {
            if (record.RequestId is not null)
            {
                // The approval and the release it produced are one commit: neither is kept without the other.
                requests.Approve(db, record);
            }

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

            outbox.Enqueue(db, OutboxKind.Dissemination, record.Id, null, session.Now);
            // The audit event carries the record itself, less what the event says in its own fields.
            BsonDocument details = DisseminationDocument(record);
            foreach (string field in FieldsOfTheEvent)
            {
                details.Remove(field);
            }

            return audit.Append(db, "evidence_disseminated", subject: record.Id.ToString(), details, record.ReleasedBy);
        });
    }

    public StoredDissemination? FindDissemination(Guid id) =>
        session.ReadOnly(db => db.GetCollection(StoreCollections.Disseminations).FindById(id) is { } doc ? ToStoredDissemination(doc) : null);

    /// <summary>Every dissemination record, oldest first, optionally of one case.</summary>
    public IReadOnlyList<StoredDissemination> Disseminations(string? caseNumber = null) =>
        session.ReadOnly(db =>
            db.GetCollection(StoreCollections.Disseminations)
                .Find(Query.All("at", Query.Ascending))
                .Where(d => caseNumber is null || d["case_number"].AsString == caseNumber)
                .Select(ToStoredDissemination)
                .ToList()
        );

    private static BsonDocument DisseminationDocument(Dissemination d) =>
        new()
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
            ["recipient_ori"] = d.RecipientOri,
            ["recipient_kind"] = d.RecipientKind is { } kind ? RecipientKinds.Name(kind) : BsonValue.Null,
            ["request_id"] = d.RequestId is { } request ? new BsonValue(request) : BsonValue.Null,
            ["requester"] = d.Requester,
            ["on_behalf_of"] = d.OnBehalfOf,
            ["approved_by"] = d.ApprovedBy,
            ["forwarded_at"] = BsonValue.Null,
        };

    private static StoredDissemination ToStoredDissemination(BsonDocument d) =>
        new(
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
                d["key_kind"].AsString
            )
            {
                // Records kept before release requests have none of these fields: each reads as null.
                RecipientOri = OptionalString(d["recipient_ori"]),
                RecipientKind = d["recipient_kind"].IsString ? RecipientKinds.Parse(d["recipient_kind"].AsString, out _) : null,
                RequestId = d["request_id"].IsGuid ? d["request_id"].AsGuid : null,
                Requester = OptionalString(d["requester"]),
                OnBehalfOf = OptionalString(d["on_behalf_of"]),
                ApprovedBy = OptionalString(d["approved_by"]),
            },
            StoreDocuments.OptionalTime(d["forwarded_at"])
        );

    private static string? OptionalString(BsonValue value) => value.IsString ? value.AsString : null;
}
