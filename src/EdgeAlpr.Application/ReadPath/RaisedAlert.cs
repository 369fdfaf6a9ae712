using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>An alert to show and sound, with the read and hit it is for (a read of now, or a past one matched by a new entry).</summary>
/// <param name="Alert">What to show and sound.</param>
/// <param name="ReadId">The read that raised it.</param>
/// <param name="CameraId">The camera that made the read.</param>
/// <param name="Hit">The hot-list hit.</param>
/// <param name="HitId">The hit's id in the store.</param>
/// <param name="ReadAt">When the read left recognition (a <see cref="TimeProvider.GetTimestamp"/> value), for the alert's latency.</param>
public sealed record RaisedAlert(Alert Alert, Guid ReadId, string CameraId, HotListHit Hit, Guid HitId, long ReadAt);
