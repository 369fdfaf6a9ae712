namespace EdgeAlpr.Storage.Salvage;

/// <summary>What a salvage read from a damaged (or intact) LiteDB database, and what it could not.</summary>
/// <param name="Collections">Each collection found, by name (see <see cref="SalvagedCollection.Name"/>).</param>
/// <param name="Problems">Every page, block or document that could not be read or was not trusted.</param>
/// <param name="LostPages">Pages that could not be read or held no valid page, in either file.</param>
/// <param name="LostDocuments">
/// Documents known lost: their first block was found but the rest could not be read or did not make a document.
/// Documents that started on a lost page are not counted (nothing says how many there were).
/// </param>
/// <param name="DuplicateDocuments">Documents left out because their collection already had one with the same <c>_id</c>.</param>
internal sealed record SalvageResult(
    IReadOnlyDictionary<string, SalvagedCollection> Collections,
    IReadOnlyList<SalvageProblem> Problems,
    int LostPages,
    int LostDocuments,
    int DuplicateDocuments
);
