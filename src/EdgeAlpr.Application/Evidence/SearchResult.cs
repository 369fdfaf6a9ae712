namespace EdgeAlpr.Application.Evidence;

/// <summary>A read a search found: the text that matched (its plate, or one of the OCR's other readings) and its hits.</summary>
public sealed record SearchMatch(StoredRead Read, string MatchedText, bool ByCandidate, IReadOnlyList<StoredHit> Hits);

/// <summary>What a search gave: the matches (at most the limit asked), how many there were, and the audit event that records it.</summary>
public sealed record SearchResult(IReadOnlyList<SearchMatch> Matches, int Total, long AuditSeq)
{
    public bool Truncated => Total > Matches.Count;
}
