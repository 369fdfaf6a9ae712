namespace EdgeAlpr.Application.Evidence;

/// <summary>Which audit events <c>audit show</c> lists; every part left null matches all.</summary>
public sealed record AuditFilter
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>An action, or a prefix of one ending in <c>*</c> (<c>hotlist_*</c>).</summary>
    public string? Action { get; init; }

    public string? Actor { get; init; }

    public string? Subject { get; init; }

    /// <summary>Events whose details name this case number (searches, exports).</summary>
    public string? CaseNumber { get; init; }

    public int Limit { get; init; } = 1000;

    public bool Matches(StoredAuditEvent e) =>
        (From is null || e.At >= From)
        && (To is null || e.At <= To)
        && (Action is null || (Action.EndsWith('*') ? e.Action.StartsWith(Action[..^1], StringComparison.Ordinal) : e.Action == Action))
        && (Actor is null || string.Equals(e.Actor, Actor, StringComparison.OrdinalIgnoreCase))
        && (Subject is null || e.Subject == Subject)
        && (
            CaseNumber is null
            || (e.Details["case_number"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && (string?)e.Details["case_number"] == CaseNumber)
        );
}
