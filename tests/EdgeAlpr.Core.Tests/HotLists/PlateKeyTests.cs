using EdgeAlpr.Core.HotLists;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests.HotLists;

public class PlateKeyTests
{
    private static readonly Gen<string> Plates =
        from length in Gen.Choose(1, PlateKey.MaxLength)
        from chars in Gen.ArrayOf(Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray()), length)
        select new string(chars);

    [Property(MaxTest = 500)]
    public Property Packing_round_trips_every_plate() =>
        Prop.ForAll(Plates.ToArbitrary(), p =>
            PlateKey.TryPack(p, false, out ulong key) && PlateKey.ToText(key) == p && PlateKey.Length(key) == p.Length
        );

    [Property(MaxTest = 500)]
    public Property Deleting_a_character_from_the_key_is_deleting_it_from_the_text() =>
        Prop.ForAll(Plates.ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), (p, at) =>
        {
            int i = at % p.Length;
            PlateKey.TryPack(p, false, out ulong key);
            return PlateKey.ToText(PlateKey.DeleteAt(key, i)) == p.Remove(i, 1);
        });

    [Property(MaxTest = 500)]
    public Property One_deletion_agrees_with_the_text_definition() => Prop.ForAll(Plates.ToArbitrary(), Plates.ToArbitrary(), (a, b) =>
        {
            PlateKey.TryPack(a, false, out ulong ka);
            PlateKey.TryPack(b, false, out ulong kb);
            bool expected = a.Length == b.Length + 1 && Enumerable.Range(0, a.Length).Any(i => a.Remove(i, 1) == b);
            return PlateKey.IsOneDeletion(ka, kb) == expected;
        });

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEFGHIJK")]
    [InlineData("AB-123")]
    [InlineData("abc123")]
    [InlineData("ÄB123")]
    public void Texts_that_are_not_normalised_plates_do_not_pack(string text) => Assert.False(PlateKey.TryPack(text, true, out _));

    [Fact]
    public void Wildcards_pack_only_when_allowed()
    {
        Assert.False(PlateKey.TryPack("AB*123", false, out _));
        Assert.True(PlateKey.TryPack("AB*123", true, out ulong key));
        Assert.Equal("AB*123", PlateKey.ToText(key));
        Assert.Equal(1, PlateKey.CountCode(key, PlateKey.WildcardCode));
    }
}
