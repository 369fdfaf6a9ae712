using System.Security.Cryptography;
using System.Text;
using LiteDB;

namespace EdgeAlpr.Storage;

internal sealed partial class AuditLogRepository
{
    // The settings last recorded, so only changes are audited after the first time.
    private const string SettingsRecord = "settings";
    private const int MaxSettingChanges = 200;

    /// <summary>
    /// Records the settings the agent runs with when they differ from the last ones recorded:
    /// every setting the first time, then each one changed, added or removed, with old and new
    /// values. Values must already have secrets masked. False when nothing changed.
    /// </summary>
    public bool RecordSettings(IReadOnlyDictionary<string, string?> settings, string source, string actor)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string hash = SettingsHash(settings);
        return session.Write(db =>
        {
            ILiteCollection<BsonDocument> meta = db.GetCollection(StoreCollections.Meta);
            BsonDocument? before = meta.FindById(SettingsRecord);
            if (before is not null && before["hash"].AsString == hash)
            {
                return false;
            }

            var old = before is null
                ? new Dictionary<string, string?>()
                : before["values"]
                    .AsArray.ToDictionary(v => v["key"].AsString, v => v["value"].IsString ? v["value"].AsString : null, StringComparer.Ordinal);
            var changes = new BsonArray();
            foreach (string key in settings.Keys.Union(old.Keys).Order(StringComparer.Ordinal))
            {
                string? from = old.GetValueOrDefault(key);
                string? to = settings.GetValueOrDefault(key);
                if (from != to && changes.Count < MaxSettingChanges)
                {
                    changes.Add(
                        new BsonDocument
                        {
                            ["key"] = key,
                            ["from"] = from,
                            ["to"] = to,
                        }
                    );
                }
            }

            Append(
                db,
                before is null ? "settings_recorded" : "settings_changed",
                subject: source,
                new BsonDocument
                {
                    ["settings_sha256"] = hash,
                    ["previous_sha256"] = before?["hash"] ?? BsonValue.Null,
                    ["changes"] = changes,
                },
                actor
            );
            meta.Upsert(
                new BsonDocument
                {
                    ["_id"] = SettingsRecord,
                    ["hash"] = hash,
                    ["values"] = new BsonArray(
                        settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new BsonDocument { ["key"] = s.Key, ["value"] = s.Value })
                    ),
                }
            );
            return true;
        });
    }

    private static string SettingsHash(IReadOnlyDictionary<string, string?> settings)
    {
        var text = new StringBuilder();
        foreach ((string key, string? value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value is null ? "\u0000" : value.Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
