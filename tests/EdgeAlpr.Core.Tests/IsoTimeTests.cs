using EdgeAlpr.Core.Text;

namespace EdgeAlpr.Core.Tests;

/// <summary>The one reading of times in list files, local entries and on the command line.</summary>
public sealed class IsoTimeTests
{
    [Theory]
    [InlineData("2026-12-31", false, "2026-12-31T00:00:00+00:00")]
    [InlineData("2026-12-31", true, "2027-01-01T00:00:00+00:00")]
    [InlineData("2026-12-31T18:00", true, "2026-12-31T18:00:00+00:00")]
    [InlineData("2026-12-31T18:00:00-06:00", false, "2027-01-01T00:00:00+00:00")]
    public void A_date_is_its_day_start_or_for_an_end_the_day_after_and_a_time_is_UTC_unless_it_says_otherwise(
        string text,
        bool endOfDay,
        string expected
    )
    {
        Assert.True(IsoTime.TryParse(text, endOfDay, out DateTimeOffset time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("12/31/2026")]
    [InlineData("2026")]
    [InlineData("31-12-2026 18:00")]
    [InlineData("2026-13-01")]
    public void Anything_but_an_ISO_date_or_time_is_refused(string text) => Assert.False(IsoTime.TryParse(text, endOfDay: true, out _));
}
