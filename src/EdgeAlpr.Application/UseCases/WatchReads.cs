using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// The live reads an officer (or investigator) watches on the console: the newest reads, newest first, with their hit
/// ids. Only a holder of <see cref="Permission.ViewLiveReads"/> may; a refusal is audited. The list itself is not
/// audited on every poll (a screen asks every 2 s, and the reads are what the unit's own in-cab display shows as
/// they happen); what is audited is looking at a read's images (<see cref="ViewReadImages"/>) and at a hit.
/// </summary>
public sealed class WatchReads(IReadStore reads, IAuditLog audit)
{
    /// <summary>The most reads one answer holds: a screen's worth, not a search.</summary>
    public const int MaxLimit = 200;

    /// <summary>The newest reads, at most <paramref name="max"/> (1–<see cref="MaxLimit"/>), only those captured after <paramref name="after"/> when given.</summary>
    public IReadOnlyList<StoredRead> Recent(AuthenticatedUser user, int max, DateTimeOffset? after)
    {
        Access.Authorize(user, Permission.ViewLiveReads, audit, "reads_watch");
        if (max is < 1 or > MaxLimit)
        {
            throw new UseRefusedException([$"limit must be a whole number from 1 to {MaxLimit} (is {max})"]);
        }

        return reads.ListRecentReads(max, after);
    }
}
