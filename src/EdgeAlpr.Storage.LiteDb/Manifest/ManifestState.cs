using System.Text.Json.Serialization;

namespace EdgeAlpr.Storage;

/// <summary>
/// What the manifest remembers of the database after each commit: which store it is, how many
/// commits and reads it has seen, the audit chain's head, and the page files' ids (so a file
/// whose header is destroyed can still be salvaged).
/// </summary>
internal sealed record ManifestState
{
    [JsonPropertyName("store_id")]
    public required Guid StoreId { get; init; }

    /// <summary>Commits made since the store was made; the database holds the same number in its meta.</summary>
    [JsonPropertyName("generation")]
    public required long Generation { get; init; }

    /// <summary>Reads ever stored (never decreases: a purge does not lower it).</summary>
    [JsonPropertyName("reads_stored")]
    public required long ReadsStored { get; init; }

    [JsonPropertyName("audit_seq")]
    public required long AuditSeq { get; init; }

    [JsonPropertyName("audit_head")]
    public required string AuditHead { get; init; }

    [JsonPropertyName("data_file_id")]
    public required string DataFileId { get; init; }

    [JsonPropertyName("log_file_id")]
    public required string LogFileId { get; init; }

    [JsonPropertyName("written_at")]
    public required DateTimeOffset WrittenAt { get; init; }

    /// <summary>When the log was last folded into the data file.</summary>
    [JsonPropertyName("last_checkpoint_at")]
    public DateTimeOffset? LastCheckpointAt { get; init; }
}
