namespace EdgeAlpr.Application.Ports;

/// <summary>How the link is: connected since when, reconnect attempts, and the last error an administrator should see.</summary>
public sealed record UplinkState(bool Connected, DateTimeOffset? Since, int FailedAttempts, string? LastError, bool NeedsAttention);
