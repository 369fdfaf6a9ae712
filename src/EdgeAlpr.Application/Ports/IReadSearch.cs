using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Search;

namespace EdgeAlpr.Application.Ports;

/// <summary>
/// Finds kept reads by plate or partial plate (the plate and the OCR's other readings), only
/// those still within retention. No policy: <see cref="UseCases.SearchReads"/> decides who may search and audits it.
/// </summary>
public interface IReadSearch
{
    ReadSearchResult Find(PlateSearch search, int limit);
}

/// <summary>The matches (at most the limit, oldest first), how many there were in all, and the ids of the first ones found.</summary>
public sealed record ReadSearchResult(IReadOnlyList<SearchMatch> Matches, int Total, IReadOnlyList<Guid> ReadIds);
