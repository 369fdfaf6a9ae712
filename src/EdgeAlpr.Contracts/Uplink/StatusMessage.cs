namespace EdgeAlpr.Contracts;

/// <summary>
/// The unit's presence on <c>…/status</c> (retained): online when connected; offline on shutdown or, as the last
/// will, when the link dies. <paramref name="AgentVersion"/> and <paramref name="AgentCommit"/> are the build's
/// (<see cref="BuildIdentity"/>), so a platform tells two builds of one version apart.
/// </summary>
public sealed record StatusMessage(
    int Schema,
    string Type,
    string DeviceId,
    string Agency,
    string State,
    DateTimeOffset? At,
    string? Reason,
    string AgentVersion,
    string AgentCommit
);
