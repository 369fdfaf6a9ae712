using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Agent.Service;

/// <summary>An alert to show and sound, with the read and hit it is for.</summary>
/// <param name="ReadAt">When the read left recognition (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), for the alert's latency.</param>
public sealed record RaisedAlert(Alert Alert, PlateRead Read, HotListHit Hit, Guid HitId, long ReadAt);
