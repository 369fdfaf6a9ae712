using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.HotLists;

/// <summary>What past-read matching needs of an earlier read: its candidates, where and when.</summary>
public sealed record RecentRead(Guid ReadId, string CameraId, DateTimeOffset SeenAt, IReadOnlyList<PlateCandidate> Candidates, string? State = null);

/// <summary>Reads kept by the unit (the store, or a window in memory), newest last.</summary>
public interface IReadHistory
{
    IEnumerable<RecentRead> Since(DateTimeOffset from);
}
