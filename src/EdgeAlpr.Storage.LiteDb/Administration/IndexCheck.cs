using LiteDB;

namespace EdgeAlpr.Storage;

/// <summary>
/// Checks every index against the records: a walk of the <c>_id</c> index and each secondary index
/// (in index order) must reach the same records, and every record must be found through each index
/// by its own value. A record an index misses is one a search would never return; an index entry
/// with no record would make a search fail.
/// </summary>
internal static class IndexCheck
{
    public static List<string> Problems(LiteDatabase db, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var byCollection = db.GetCollection("$indexes")
            .FindAll()
            .Where(i => i["name"].AsString != "_id")
            .GroupBy(i => i["collection"].AsString, StringComparer.Ordinal);
        foreach (IGrouping<string, BsonDocument> indexes in byCollection)
        {
            ILiteCollection<BsonDocument> collection = db.GetCollection(indexes.Key);
            Dictionary<BsonValue, BsonDocument> records = collection.FindAll().ToDictionary(d => d["_id"]);
            foreach (BsonDocument index in indexes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string expression = index["expression"].AsString;
                string name = index["name"].AsString;
                try
                {
                    problems.AddRange(Check(collection, indexes.Key, name, expression, records, cancellationToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    problems.Add($"index {indexes.Key}.{name} cannot be walked: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        return problems;
    }

    private static List<string> Check(
        ILiteCollection<BsonDocument> collection,
        string collectionName,
        string name,
        string expression,
        Dictionary<BsonValue, BsonDocument> records,
        CancellationToken cancellationToken
    )
    {
        var problems = new List<string>();
        BsonExpression key = BsonExpression.Create(expression);
        bool multiKey = expression.Contains("[*]", StringComparison.Ordinal);
        foreach ((BsonValue id, BsonDocument record) in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (BsonValue value in key.Execute(record).Distinct())
            {
                if (value.IsNull)
                {
                    continue;
                }

                BsonExpression lookup = multiKey
                    ? BsonExpression.Create($"{expression} ANY = @0", value)
                    : BsonExpression.Create($"{expression} = @0", value);
                if (!collection.Find(lookup).Any(d => d["_id"] == id))
                {
                    problems.Add($"index {collectionName}.{name} does not reach record {id} by its value {Short(value)}");
                }
            }
        }

        return problems;
    }

    private static string Short(BsonValue value)
    {
        string text = value.ToString();
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
