using EdgeAlpr.Core.Plates;

namespace EdgeAlpr.Core.Tests;

public class PlateTextTests
{
    [Theory]
    [InlineData("ab-123", "AB123")]
    [InlineData(" AB 123 ", "AB123")]
    [InlineData("m.ab·12", "MAB12")]
    [InlineData("", "")]
    public void Normalizes_case_and_separators(string input, string expected) => Assert.Equal(expected, PlateText.Normalize(input));

    [Fact]
    public void Normalizes_long_input_without_stack_overflow()
    {
        string longText = new('a', 10_000);
        Assert.Equal(new string('A', 10_000), PlateText.Normalize(longText));
    }
}
