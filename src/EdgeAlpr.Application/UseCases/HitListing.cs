using EdgeAlpr.Application.Evidence;

namespace EdgeAlpr.Application.UseCases;

/// <summary>The hits a screen was shown, the answer's fingerprint, and whether this answer was audited.</summary>
public sealed record HitListing(IReadOnlyList<HitSummary> Hits, string Fingerprint, bool Audited);
