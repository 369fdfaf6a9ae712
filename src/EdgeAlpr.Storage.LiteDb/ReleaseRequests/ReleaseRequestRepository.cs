using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Policy;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Investigators' release requests and supervisors' decisions, in the <c>release_requests</c> collection: each state
/// change stored with its audit event in one commit. Kept for the long term as releases are (retention takes them
/// seven years after they were made); never forwarded themselves: the platform learns of them from the audit trail.
/// </summary>
internal sealed class ReleaseRequestRepository(StoreSession session, AuditLogRepository audit) : IReleaseRequests
{
    public void Submit(ReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        session.Write(db =>
        {
            db.GetCollection(StoreCollections.ReleaseRequests).Insert(ToDocument(request));
            return audit.Append(db, "release_requested", request.Id.ToString(), Details(request), request.RequestedBy);
        });
    }

    public ReleaseRequest? FindRequest(Guid id) =>
        session.ReadOnly(db => db.GetCollection(StoreCollections.ReleaseRequests).FindById(id) is { } doc ? ToRequest(doc) : null);

    public IReadOnlyList<ReleaseRequest> Requests(bool all = false) =>
        session.ReadOnly(db =>
            db.GetCollection(StoreCollections.ReleaseRequests)
                .Find(Query.All("requested_at", Query.Ascending))
                .Select(ToRequest)
                .Where(r => all || r.State == ReleaseRequestState.Pending)
                .ToList()
        );

    public void Refuse(ReleaseRequest refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        session.Write(db =>
        {
            Decide(db, refused);
            return audit.Append(
                db,
                "release_refused",
                refused.Id.ToString(),
                new BsonDocument
                {
                    ["requested_by"] = refused.RequestedBy,
                    ["case_number"] = refused.CaseNumber,
                    ["reason"] = refused.RefusalReason,
                },
                refused.DecidedBy!
            );
        });
    }

    /// <summary>
    /// Marks request <see cref="Dissemination.RequestId"/> approved by the release <paramref name="record"/>, audited
    /// <c>release_approved</c> under the approver, inside the commit that records the release.
    /// </summary>
    internal void Approve(LiteDatabase db, Dissemination record)
    {
        Guid id = record.RequestId!.Value;
        BsonDocument doc = db.GetCollection(StoreCollections.ReleaseRequests).FindById(id)
            ?? throw new UseRefusedException([$"there is no release request {id} on this unit"]);
        ReleaseRequest approved = ToRequest(doc) with
        {
            State = ReleaseRequestState.Approved,
            DecidedAt = record.At,
            DecidedBy = record.ApprovedBy,
            DisseminationId = record.Id,
        };
        Decide(db, approved);
        audit.Append(
            db,
            "release_approved",
            id.ToString(),
            new BsonDocument
            {
                ["requested_by"] = approved.RequestedBy,
                ["case_number"] = approved.CaseNumber,
                ["dissemination_id"] = record.Id,
            },
            record.ApprovedBy ?? record.ReleasedBy
        );
    }

    /// <summary>
    /// The ids of the requests made before <paramref name="cutoff"/>, for retention. A request is never forwarded itself
    /// (the platform has its events in the audit trail, which goes only once forwarded), so it goes by its age alone,
    /// seven years as the release it produced.
    /// </summary>
    internal static IEnumerable<BsonValue> MadeBefore(LiteDatabase db, DateTimeOffset cutoff) =>
        db.GetCollection(StoreCollections.ReleaseRequests).Find(Query.LT("requested_at", StoreDocuments.Utc(cutoff))).Select(d => d["_id"]);

    // Writes a decision over a pending request; a request decided already is refused, nothing changed (the
    // use case checked it first; this holds when two people decide at once).
    private static void Decide(LiteDatabase db, ReleaseRequest decided)
    {
        ILiteCollection<BsonDocument> requests = db.GetCollection(StoreCollections.ReleaseRequests);
        BsonDocument doc = requests.FindById(decided.Id) ?? throw new UseRefusedException([$"there is no release request {decided.Id} on this unit"]);
        if (ToRequest(doc).DecidedProblem() is { } problem)
        {
            throw new UseRefusedException([problem]);
        }

        requests.Update(ToDocument(decided));
    }

    private static BsonDocument Details(ReleaseRequest r)
    {
        BsonDocument details = ToDocument(r);
        foreach (
            string field in new[] { "_id", "requested_at", "requested_by", "state", "decided_at", "decided_by", "refusal_reason", "dissemination_id" }
        )
        {
            details.Remove(field);
        }

        return details;
    }

    private static BsonDocument ToDocument(ReleaseRequest r) =>
        new()
        {
            ["_id"] = r.Id,
            ["requested_at"] = StoreDocuments.Utc(r.RequestedAt),
            ["requested_by"] = r.RequestedBy,
            ["on_behalf_of"] = r.OnBehalfOf,
            ["case_number"] = r.CaseNumber,
            ["purpose"] = r.Purpose,
            ["recipient_agency"] = r.Recipient.Agency,
            ["recipient_ori"] = r.Recipient.Ori,
            ["recipient_kind"] = RecipientKinds.Name(r.Recipient.Kind),
            ["reads"] = new BsonArray(r.Reads.Select(id => new BsonValue(id))),
            ["state"] = ReleaseRequestStates.Name(r.State),
            ["decided_at"] = r.DecidedAt is { } at ? StoreDocuments.Utc(at) : BsonValue.Null,
            ["decided_by"] = r.DecidedBy,
            ["refusal_reason"] = r.RefusalReason,
            ["dissemination_id"] = r.DisseminationId is { } d ? new BsonValue(d) : BsonValue.Null,
        };

    private static ReleaseRequest ToRequest(BsonDocument d) =>
        new(
            d["_id"].AsGuid,
            StoreDocuments.Time(d["requested_at"]),
            d["requested_by"].AsString,
            OptionalString(d["on_behalf_of"]),
            d["case_number"].AsString,
            d["purpose"].AsString,
            Recipient.Of(
                d["recipient_agency"].AsString,
                d["recipient_ori"].AsString,
                RecipientKinds.Parse(d["recipient_kind"].AsString, out _)
                    ?? throw new FormatException($"release request {d["_id"]}: an unknown recipient kind")
            ),
            d["reads"].AsArray.Select(v => v.AsGuid).ToList()
        )
        {
            State = ReleaseRequestStates.Parse(d["state"].AsString),
            DecidedAt = StoreDocuments.OptionalTime(d["decided_at"]),
            DecidedBy = OptionalString(d["decided_by"]),
            RefusalReason = OptionalString(d["refusal_reason"]),
            DisseminationId = d["dissemination_id"].IsGuid ? d["dissemination_id"].AsGuid : null,
        };

    private static string? OptionalString(BsonValue value) => value.IsString ? value.AsString : null;
}
