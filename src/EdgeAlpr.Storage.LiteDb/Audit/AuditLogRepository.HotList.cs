using System.Globalization;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using LiteDB;

namespace EdgeAlpr.Storage;

internal sealed partial class AuditLogRepository
{
    private const string HotListRecord = "hotlist_audited";

    /// <summary>
    /// Brings the audit trail up to date with the hot list in use: the list's version when it
    /// changed, and each local entry (a new wanted typed in on the unit) added or removed since
    /// the last time, with who entered it and why. Called when the agent starts and after the
    /// hot-list commands, so an entry added while the agent held the store is audited at its
    /// next start. Returns the number of events recorded.
    /// </summary>
    public int RecordHotList(
        long version,
        DateTimeOffset? createdAt,
        int entries,
        IEnumerable<HotListEntry> localEntries,
        string actor,
        HotListChange? change = null
    )
    {
        ArgumentNullException.ThrowIfNull(localEntries);
        List<HotListEntry> local = localEntries.ToList();
        return session.Write(db =>
        {
            ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
            BsonDocument before = meta.FindById(HotListRecord)
                ?? new BsonDocument
                {
                    ["version"] = -1L,
                    ["entries"] = -1,
                    ["local"] = new BsonArray(),
                };
            var known = before["local"].AsArray.Select(v => v.AsString).ToHashSet(StringComparer.Ordinal);
            var now = local.DistinctBy(LocalKey).ToDictionary(LocalKey, StringComparer.Ordinal);
            int recorded = 0;
            if (before["version"].AsInt64 != version || before["entries"].AsInt32 != entries)
            {
                Append(
                    db,
                    "hotlist_in_use",
                    version.ToString(CultureInfo.InvariantCulture),
                    new BsonDocument
                    {
                        ["version"] = version,
                        ["created_at"] = createdAt is { } c ? StoreDocuments.Utc(c) : BsonValue.Null,
                        ["entries"] = entries,
                        ["local_entries"] = local.Count,
                        ["previous_version"] = before["version"].AsInt64 < 0 ? BsonValue.Null : before["version"],
                    },
                    actor
                );
                recorded++;
            }

            foreach ((string key, HotListEntry e) in now.Where(n => !known.Contains(n.Key)).OrderBy(n => n.Value.EnteredAt))
            {
                Append(db, "hotlist_local_added", e.Plate, Noted(LocalDetails(e), change, removal: false), e.EnteredBy ?? actor);
                recorded++;
            }

            foreach (string key in known.Where(k => !now.ContainsKey(k)).Order(StringComparer.Ordinal))
            {
                Append(db, "hotlist_local_removed", key.Split('|')[0], Noted(new BsonDocument { ["entry"] = key }, change, removal: true), actor);
                recorded++;
            }

            meta.Upsert(
                new BsonDocument
                {
                    ["_id"] = HotListRecord,
                    ["version"] = version,
                    ["entries"] = entries,
                    ["local"] = new BsonArray(now.Keys.Order(StringComparer.Ordinal).Select(k => new BsonValue(k))),
                }
            );
            return recorded;
        });
    }

    // The person's words beside the event: the removal's reason (an added entry carries its own), and whom they acted for.
    private static BsonDocument Noted(BsonDocument details, HotListChange? change, bool removal)
    {
        if (removal && change?.Reason is { } reason)
        {
            details["removal_reason"] = reason;
        }

        if (change?.OnBehalfOf is { } behalf)
        {
            details["on_behalf_of"] = behalf;
        }

        return details;
    }

    // Who entered what, when: an entry entered again later is a new entry.
    private static string LocalKey(HotListEntry e) =>
        string.Join(
            '|',
            e.Plate,
            e.State ?? string.Empty,
            HotListCategories.WireName(e.Category),
            e.EnteredBy ?? string.Empty,
            e.EnteredAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty
        );

    private static BsonDocument LocalDetails(HotListEntry e)
    {
        var details = new BsonDocument
        {
            ["category"] = HotListCategories.WireName(e.Category),
            ["source"] = e.Source,
            ["entered_by"] = e.EnteredBy ?? string.Empty,
            ["reason"] = e.Reason ?? string.Empty,
        };
        foreach ((string field, string? value) in new[] { ("state", e.State), ("record_number", e.RecordNumber), ("vehicle", e.Vehicle) })
        {
            if (value is not null)
            {
                details[field] = value;
            }
        }

        if (e.EnteredAt is { } entered)
        {
            details["entered_at"] = StoreDocuments.Utc(entered);
        }

        if (e.Expires is { } expires)
        {
            details["expires"] = StoreDocuments.Utc(expires);
        }

        return details;
    }
}
