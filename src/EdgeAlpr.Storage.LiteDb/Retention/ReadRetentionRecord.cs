using EdgeAlpr.Core.Retention;
using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Records, in the store's opening transaction, a routine read retention longer than the
/// directive's 90 days (<c>read_retention_extended</c>: the days, the directive's days, the law or
/// policy named in <c>Store:ReadRetentionAuthority</c>, and the previous ones) each time the store
/// opens with a retention or authority unlike the last recorded; and a return to the directive
/// (<c>read_retention_restored</c>). The settings audit records the same keys among all the others;
/// this event names the exception to the directive.
/// </summary>
internal static class ReadRetentionRecord
{
    // The read retention and its authority last recorded, in the meta collection.
    private const string Record = "read_retention";

    public static void Write(LiteDatabase db, StoreSession session, AuditLogRepository audit)
    {
        RetentionPolicy policy = session.Policy;
        double days = policy.RoutineRetention.TotalDays;
        string? authority = policy.ExceedsDirective ? session.Options.ReadRetentionAuthority?.Trim() : null;
        ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
        BsonDocument? last = meta.FindById(Record);
        bool lastExtended = last is not null && last["extended"].AsBoolean;
        if (!policy.ExceedsDirective && !lastExtended)
        {
            return;
        }

        if (last is not null && last["days"].AsDouble == days && (last["authority"].IsString ? last["authority"].AsString : null) == authority)
        {
            return;
        }

        var details = new BsonDocument
        {
            ["read_retention_days"] = days,
            ["directive_days"] = RetentionPolicy.DirectiveRoutineRetention.TotalDays,
            ["authority"] = authority,
            ["previous_days"] = last?["days"] ?? BsonValue.Null,
            ["previous_authority"] = last?["authority"] ?? BsonValue.Null,
        };
        audit.Append(db, policy.ExceedsDirective ? "read_retention_extended" : "read_retention_restored", subject: null, details);
        meta.Upsert(
            new BsonDocument
            {
                ["_id"] = Record,
                ["days"] = days,
                ["authority"] = authority,
                ["extended"] = policy.ExceedsDirective,
            }
        );
    }
}
