using EdgeAlpr.Storage.Salvage;

namespace EdgeAlpr.Storage.Tests.Salvage;

public sealed class PlainPageSourceTests
{
    [Fact]
    public void Pages_are_read_in_place_and_a_torn_last_page_is_a_problem_not_an_exception()
    {
        var bytes = new byte[(2 * LitePageFormat.PageSize) + 100];
        bytes[LitePageFormat.PageSize] = 7;
        var source = new PlainPageSource(new MemoryStream(bytes));
        var page = new byte[LitePageFormat.PageSize];

        Assert.Equal(3, source.PageCount);
        Assert.True(source.TryReadPage(1, page, out string? none));
        Assert.Null(none);
        Assert.Equal(7, page[0]);
        Assert.False(source.TryReadPage(2, page, out string? torn));
        Assert.Contains("short read: 100", torn, StringComparison.Ordinal);
        Assert.False(source.TryReadPage(3, page, out string? beyond));
        Assert.Contains("outside the file", beyond, StringComparison.Ordinal);
        Assert.False(source.TryReadPage(-1, page, out _));
    }
}
