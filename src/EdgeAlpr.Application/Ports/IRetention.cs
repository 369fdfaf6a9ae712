using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Application.Ports;

/// <summary>Retention by policy and the space quota: what may go, and only once the platform has it.</summary>
public interface IRetention
{
    /// <summary>Removes (or, dry run, counts) what is past retention and forwarded; audited with <paramref name="actor"/>.</summary>
    PurgeReport Purge(bool dryRun, bool orphans = false, string actor = "agent");

    /// <summary>True while the read may still be searched and released (not past its retention).</summary>
    bool IsWithinRetention(StoredRead read);

    /// <summary>Bytes over the quota or the free-space floor (0: none).</summary>
    long BytesOverQuota();

    /// <summary>Gives up routine evidence in the policy's order until the store is within its quota.</summary>
    QuotaPlan EnforceQuota();
}
