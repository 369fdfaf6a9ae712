using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Storage;

/// <summary>The evidence store's settings (configuration section <c>Store</c>), validated at start.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public const string DefaultKeyVariable = "EDGEALPR_STORE_KEY";

    /// <summary>Holds the database (<c>store.db</c>, <c>store-log.db</c>) and the <c>images/</c> folder.</summary>
    public string Directory { get; set; } = "/var/lib/edge-alpr/store";

    /// <summary>File holding the database key; it must not be readable by group or others (mode 0600 or 0400).</summary>
    public string? KeyFile { get; set; } = "/etc/edge-alpr/store.key";

    /// <summary>Environment variable that may hold the key instead; it wins over <see cref="KeyFile"/> when set.</summary>
    public string KeyVariable { get; set; } = DefaultKeyVariable;

    /// <summary>
    /// Routine reads are purged this long after capture, forwarded or not (the directive: 90 days).
    /// Longer is refused unless <see cref="ReadRetentionAuthority"/> names what allows it.
    /// </summary>
    public TimeSpan ReadRetention { get; set; } = RetentionPolicy.Default.RoutineRetention;

    /// <summary>
    /// The law or policy that allows keeping routine reads longer than the directive's 90 days (e.g. a
    /// state statute or a court order); required when <see cref="ReadRetention"/> is longer, and then
    /// recorded in the audit trail when the store opens.
    /// </summary>
    public string? ReadRetentionAuthority { get; set; }

    /// <summary>Hits, dispositions, evidence reads and audit events are kept this long (default 7 years).</summary>
    public TimeSpan SeriousRetention { get; set; } = RetentionPolicy.Default.SeriousRetention;

    /// <summary>The most the store may take on disk (database and images), in megabytes; 0: no limit of its own.</summary>
    public long QuotaMegabytes { get; set; }

    /// <summary>Disk space always left free for the system; below it the store gives up routine evidence as over quota.</summary>
    public long MinFreeMegabytes { get; set; } = 256;

    /// <summary>Most reads made durable together (one database commit, one round of fsyncs).</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>Reads held in memory while storage fails; past it the oldest routine read without hits is given up (and audited).</summary>
    public int BacklogLimit { get; set; } = 2000;

    /// <summary>How often a failed store retries while raising the storage alarm.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Images written and fsynced at once: overlapping fsyncs lets the disk group them.</summary>
    public int SyncParallelism { get; set; } = 16;

    /// <summary>The write-ahead log is folded into the database once it grows past this many megabytes.</summary>
    public int CheckpointMegabytes { get; set; } = 64;

    /// <summary>
    /// What to do with a store that fails its integrity checks: true, move the damaged files aside
    /// and salvage what can be read into a fresh store (audited, raised on health), so the unit keeps
    /// working; false, refuse to open it. Unset: the agent repairs, other commands refuse.
    /// </summary>
    public bool? RepairOnDamage { get; set; }

    public RetentionPolicy Retention() => new(ReadRetention, SeriousRetention);

    public long QuotaBytes => QuotaMegabytes * 1024 * 1024;

    public long MinFreeBytes => MinFreeMegabytes * 1024 * 1024;

    public long CheckpointBytes => CheckpointMegabytes * 1024L * 1024;
}
