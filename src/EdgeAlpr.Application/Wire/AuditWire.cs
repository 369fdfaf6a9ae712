using System.Text.Json.Nodes;
using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Application.Wire;

/// <summary>
/// One audit event as a person's tools show it: <c>edge-alpr audit show --json</c> (on the store or through the running
/// agent) and the console's <c>GET /api/audit</c> print the same record.
/// </summary>
public sealed record AuditEventWire(long Seq, DateTimeOffset At, string Action, string Actor, string? Subject, JsonObject Details, string Hash)
{
    public static AuditEventWire From(StoredAuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.At, e.Action, e.Actor, e.Subject, e.Details, e.Hash);
    }
}
