using EdgeAlpr.Core.Plates;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests;

public sealed class PlateMaskTests
{
    [Theory]
    [InlineData("7ABC123", "7*****3")]
    [InlineData("AB1", "A*1")]
    [InlineData("AB", "**")]
    [InlineData("A", "*")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Masks_all_but_the_ends(string? plate, string expected) => Assert.Equal(expected, PlateMask.Mask(plate));

    [Property]
    public bool A_masked_plate_keeps_its_length_and_ends_and_hides_the_rest(string? plate)
    {
        plate ??= string.Empty;
        string masked = PlateMask.Mask(plate);
        if (masked.Length != plate.Length)
        {
            return false;
        }

        return plate.Length <= 2 ? masked.All(c => c == '*') : masked[0] == plate[0] && masked[^1] == plate[^1] && masked[1..^1].All(c => c == '*');
    }

    [Fact]
    public void Debug_logging_shows_the_plate_itself()
    {
        Assert.Equal("7ABC123", PlateMask.ForLog("7ABC123", reveal: true));
        Assert.Equal("7*****3", PlateMask.ForLog("7ABC123", reveal: false));
    }
}
