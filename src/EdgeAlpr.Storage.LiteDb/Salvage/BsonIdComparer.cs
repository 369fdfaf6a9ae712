using LiteDB;

namespace EdgeAlpr.Storage.Salvage;

/// <summary>
/// <c>_id</c> equality as LiteDB's binary order has it (1 as int32 equals 1 as int64), with a hash that agrees:
/// <see cref="BsonValue.GetHashCode"/> mixes in the type and hashes byte arrays by reference, so it cannot find duplicates.
/// </summary>
internal sealed class BsonIdComparer : IEqualityComparer<BsonValue>
{
    public static readonly BsonIdComparer Instance = new();

    public bool Equals(BsonValue? x, BsonValue? y)
    {
        if (x is null || y is null)
        {
            return ReferenceEquals(x, y);
        }

        try
        {
            return x.CompareTo(y, Collation.Binary) == 0;
        }
        catch (OverflowException)
        {
            // Numbers of different types compare as decimals; NaN and infinities have none and equal no other number.
            return false;
        }
    }

    public int GetHashCode(BsonValue obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.IsNumber)
        {
            // Equal numbers of any type become equal doubles.
            return obj.AsDouble.GetHashCode();
        }

        if (obj.IsBinary)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.AsBinary);
            return hash.ToHashCode();
        }

        // Documents and arrays compare by content: hash only their type (such ids are rare).
        return obj.IsDocument || obj.IsArray ? (int)obj.Type : HashCode.Combine(obj.Type, obj.RawValue);
    }
}
