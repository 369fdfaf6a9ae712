namespace EdgeAlpr.Application.Evidence;

/// <summary>The store's footprint: database and image bytes, the quota (0: none) and what the disk has left.</summary>
public sealed record StoreUsage(long DatabaseBytes, long ImageFiles, long ImageBytes, long QuotaBytes, long DiskFreeBytes);
