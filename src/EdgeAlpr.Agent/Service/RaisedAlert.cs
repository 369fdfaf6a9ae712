using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Agent.Service;

/// <summary>An alert to show and sound, with the read and hit it is for.</summary>
public sealed record RaisedAlert(Alert Alert, PlateRead Read, HotListHit Hit, Guid HitId);
