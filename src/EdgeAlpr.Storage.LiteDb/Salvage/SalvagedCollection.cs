using LiteDB;

namespace EdgeAlpr.Storage.Salvage;

/// <summary>The documents salvaged from one collection.</summary>
/// <param name="Name">The collection's name from the header page, or <c>col_&lt;id&gt;</c> when the header does not name it.</param>
/// <param name="Id">LiteDB's id for the collection (the page id of its collection page), which its data pages carry.</param>
/// <param name="NamedInHeader">False when the name was made up from <paramref name="Id"/>: the caller maps it to a real name.</param>
/// <param name="Documents">Every document read whole, in page order; one per <c>_id</c>.</param>
internal sealed record SalvagedCollection(string Name, uint Id, bool NamedInHeader, IReadOnlyList<BsonDocument> Documents);
