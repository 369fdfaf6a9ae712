namespace EdgeAlpr.Contracts;

/// <summary>
/// The unit's presence on <c>…/status</c> (retained): online when connected; offline on shutdown or, as the last
/// will, when the link dies.
/// </summary>
public sealed record StatusMessage(
    int Schema,
    string Type,
    string DeviceId,
    string Agency,
    string State,
    DateTimeOffset? At,
    string? Reason,
    string AgentVersion
);
