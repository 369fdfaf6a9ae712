using System.Text.Json.Nodes;

namespace EdgeAlpr.Uplink.Contract;

/// <summary>An audit event on <c>…/audit</c>; <see cref="Id"/> counts up per unit, so (device, id) is unique.</summary>
public sealed record AuditMessage(int Schema, string Type, long Id, string DeviceId, DateTimeOffset At, string Action, string Actor, string? Subject, JsonObject Details);
