using System.Text.Json.Nodes;

namespace EdgeAlpr.Storage;

/// <summary>One audit event: what happened, who did it, to what, and its details as JSON.</summary>
public sealed record StoredAuditEvent(long Id, DateTimeOffset At, string Action, string Actor, string? Subject, JsonObject Details, DateTimeOffset? ForwardedAt);
