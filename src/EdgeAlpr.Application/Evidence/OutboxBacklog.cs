namespace EdgeAlpr.Application.Evidence;

/// <summary>What waits to be forwarded: items in all, urgent ones (hits, dispositions), and the oldest item's age.</summary>
public sealed record OutboxBacklog(int Items, int Urgent, DateTimeOffset? OldestEnqueuedAt);
