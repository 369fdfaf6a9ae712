using EdgeAlpr.Storage.Salvage;
using LiteDB;

namespace EdgeAlpr.Storage.Tests.Salvage;

public sealed class BsonIdComparerTests
{
    [Fact]
    public void Ids_equal_as_LiteDB_orders_them_are_duplicates()
    {
        var ids = new HashSet<BsonValue>(BsonIdComparer.Instance) { 1, new BsonValue(new byte[] { 1, 2 }), "abc" };

        Assert.False(ids.Add(1L));
        Assert.False(ids.Add(1.0));
        Assert.False(ids.Add(new BsonValue(new byte[] { 1, 2 })));
        Assert.False(ids.Add("abc"));
        Assert.True(ids.Add("ABC"));
        Assert.True(ids.Add(2));
        Assert.True(ids.Add(double.NaN));
    }
}
