using System.Text.Json.Nodes;

namespace EdgeAlpr.Contracts;

/// <summary>
/// An audit event on <c>…/audit</c>; <see cref="Id"/> counts up per unit, so (device, id) is
/// unique. <see cref="Hash"/> and <see cref="PrevHash"/> are the event's link in the unit's hash
/// chain, so the platform can check the sequence it received and hold the chain's checkpoints.
/// </summary>
public sealed record AuditMessage(
    int Schema,
    string Type,
    long Id,
    string DeviceId,
    DateTimeOffset At,
    string Action,
    string Actor,
    string? Subject,
    JsonObject Details,
    string PrevHash,
    string Hash
);
