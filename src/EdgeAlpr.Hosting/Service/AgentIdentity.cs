namespace EdgeAlpr.Hosting.Service;

/// <summary>Who the running unit is: the id its reads carry, its profile, and whether it forwards to a platform.</summary>
public sealed record AgentIdentity(string DeviceId, string? Profile, bool Uplink, DateTimeOffset StartedAt);
