using System.Text.Json.Nodes;

namespace EdgeAlpr.Application.Evidence;

/// <summary>
/// One audit event: what happened, who did it, to what, and its details as JSON; with its link
/// in the hash chain (<see cref="PrevHash"/> is the hash of event <c>Id - 1</c>).
/// </summary>
public sealed record StoredAuditEvent(
    long Id,
    DateTimeOffset At,
    string Action,
    string Actor,
    string? Subject,
    JsonObject Details,
    DateTimeOffset? ForwardedAt,
    string PrevHash,
    string Hash
);
