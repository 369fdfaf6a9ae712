using System.Text;
using EdgeAlpr.Application.HotLists;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>Size limits on what the hot list takes, checked before anything is read.</summary>
public class LimitTests
{
    [Fact]
    public async Task An_update_or_list_over_the_size_limit_is_refused_unread()
    {
        using var platform = new Platform();
        HotListOptions options = platform.Options();
        options.MaxUpdateBytes = 64 * 1024;
        using HotListService service = platform.Service(options);
        string rows = string.Concat(Enumerable.Range(0, 4000).Select(i => $"AB{i:D5},IL,stolen\n"));
        byte[] update = platform.Full(1, "plate,state,category\n" + rows);
        Assert.True(update.Length > options.MaxUpdateBytes);

        Assert.Contains(
            "more than HotList:MaxUpdateBytes",
            (await Assert.ThrowsAsync<HotListImportException>(() => service.ApplyUpdateAsync(update, default))).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "more than HotList:MaxUpdateBytes",
            (
                await Assert.ThrowsAsync<HotListImportException>(() =>
                    service.ImportLocalAsync(Encoding.UTF8.GetBytes("plate,state,category\n" + rows), new ImportDefaults(), default)
                )
            ).Message,
            StringComparison.Ordinal
        );
        Assert.False(Directory.Exists(Path.Combine(options.Directory, "platform")));
    }

    [Theory]
    [InlineData(1024, false)]
    [InlineData(64 * 1024, true)]
    [InlineData(HotListOptions.DefaultMaxUpdateBytes, true)]
    [InlineData(256 << 20, false)]
    public void The_size_limit_is_checked_at_start(int bytes, bool valid)
    {
        var options = new HotListOptions { Directory = "/tmp/x", MaxUpdateBytes = bytes };
        Microsoft.Extensions.Options.ValidateOptionsResult result = new HotListOptionsValidator().Validate(null, options);
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("HotList:MaxUpdateBytes", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_field_longer_than_the_reader_takes_refuses_the_file_with_its_line()
    {
        string text = "plate,category,reason\nABC123,stolen,\"never closed " + new string('x', HotListFileReader.MaxFieldCharacters) + "\n";
        var refused = Assert.Throws<HotListImportException>(() =>
            HotListFileReader.Read(text, new ImportDefaults(), Platform.Start, false, _ => null)
        );
        Assert.Contains("line 2: a field is longer than", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_error_quotes_a_long_value_cut_short()
    {
        ImportSummary s = HotListFileReader.Read(
            "plate,category\nABC123," + new string('q', 10_000) + "\n",
            new ImportDefaults(),
            Platform.Start,
            false,
            _ => null
        );
        Assert.DoesNotContain(new string('q', 41), s.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("(10000 characters)", s.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_is_not_ascii_is_malformed_not_a_crash()
    {
        // The signed length was once the header decoded and encoded again: each byte that is not
        // UTF-8 became three (U+FFFD), and the length ran past the end of the file.
        byte[] file =
        [
            .. Encoding.ASCII.GetBytes(
                "EDGEALPR-HOTLIST/1\nkind: full\nversion: 1\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: " + new string('0', 64) + "\nx: "
            ),
            .. Enumerable.Repeat((byte)0xFF, 1500),
            .. "\nsignature: AAAA\n\n"u8,
        ];
        Assert.Contains("printable ASCII", Assert.Throws<HotListImportException>(() => SignedUpdate.Parse(file)).Message, StringComparison.Ordinal);
    }
}
