namespace EdgeAlpr.Contracts.Evidence;

/// <summary>What <c>store verify</c> prints for a store that does not open (and <c>store repair</c> when there was nothing to do): each damaged file or page.</summary>
public sealed record StoreFileCheck(bool Ok, IReadOnlyList<string> Problems);
