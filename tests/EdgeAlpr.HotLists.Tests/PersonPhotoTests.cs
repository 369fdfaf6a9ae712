using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>The agent never stores photographs of persons that come with hot-list data.</summary>
public class PersonPhotoTests
{
    // Enough of a JPEG to be one: its start, then bytes; as a photo column would carry it.
    private static readonly string Jpeg = Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, .. new byte[600]]);

    [Theory]
    [InlineData("photo")]
    [InlineData("DL Photo")]
    [InlineData("driver_photo")]
    [InlineData("DriverPhoto")]
    [InlineData("licence_photo")]
    [InlineData("license-photo")]
    [InlineData("mugshot")]
    [InlineData("Mug Shot")]
    [InlineData("image")]
    [InlineData("picture")]
    [InlineData("portrait")]
    [InlineData("face")]
    [InlineData("face_jpg")]
    [InlineData("owner_img")]
    public void Photo_columns_are_recognised_by_name(string header)
    {
        ImportSummary s = HotListFileReader.Read($"plate,category,{header}\nABC123,stolen,{Jpeg}\n", new ImportDefaults(), Platform.Start, false, _ =>
            null
        );
        Assert.Single(s.PhotoColumnsDropped);
        Assert.Empty(s.IgnoredColumns);
    }

    [Theory]
    [InlineData("surface")]
    [InlineData("epic_number")]
    [InlineData("notes")]
    [InlineData("officer")]
    public void Other_unknown_columns_are_only_ignored(string header)
    {
        ImportSummary s = HotListFileReader.Read($"plate,category,{header}\nABC123,stolen,x\n", new ImportDefaults(), Platform.Start, false, _ =>
            null
        );
        Assert.Empty(s.PhotoColumnsDropped);
        Assert.Equal([header], s.IgnoredColumns);
    }

    [Fact]
    public async Task A_local_list_loses_its_photo_column_and_embedded_pictures_and_keeps_its_rows()
    {
        using var platform = new Platform();
        HotListService service = platform.Service();
        string csv =
            "plate,state,category,reason,dl_photo,vehicle\n"
            + $"ABC1234,IL,stolen,taken from a lot,{Jpeg},2016 HOND CIV BLK\n"
            + $"DEF5678,IL,wanted,\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\",,{Jpeg[..200]}\n"
            + "GHI9012,IL,felony,no picture here,,\n";
        UpdateOutcome outcome = await service.ImportLocalAsync(Encoding.UTF8.GetBytes(csv), new ImportDefaults { EnteredBy = "ofc.smith" }, default);

        ImportSummary s = outcome.Import!;
        Assert.Equal((3, 0), (s.Accepted, s.Rejected));
        Assert.Equal(["dl_photo"], s.PhotoColumnsDropped);
        Assert.Equal(1, s.PhotosDropped);
        Assert.Equal(2, s.EmbeddedImagesDropped); // the data: URI as a reason, the base64 as a vehicle
        HotListEntry def = service.Current.Entries().Single(e => e.Plate == "DEF5678");
        Assert.Equal((null, null), (def.Reason, def.Vehicle));
        Assert.Equal("taken from a lot", service.Current.Entries().Single(e => e.Plate == "ABC1234").Reason);

        // Nothing of the pictures on disk, in any file the list is kept in (the fast-start copy
        // is written in the background: disposing waits for it).
        service.Dispose();
        foreach (string file in Directory.GetFiles(platform.Options().Directory, "*", SearchOption.AllDirectories))
        {
            string kept = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain(Jpeg[..40], kept, StringComparison.Ordinal);
            Assert.DoesNotContain("iVBORw0KGgo", kept, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_signed_update_with_a_photo_column_is_refused_whole_before_anything_is_written()
    {
        using var platform = new Platform();
        using HotListService service = platform.Service();
        await service.ApplyUpdateAsync(platform.Full(1, "plate,state,category\nABC1234,IL,stolen\n"), default);
        string kept = Path.Combine(platform.Options().Directory, "platform", "snapshot.hotlist");
        byte[] before = await File.ReadAllBytesAsync(kept);

        var refused = await Assert.ThrowsAsync<HotListImportException>(() =>
            service.ApplyUpdateAsync(platform.Full(2, $"plate,state,category,mugshot\nABC1234,IL,stolen,{Jpeg}\nDEF5678,IL,stolen,\n"), default)
        );
        Assert.Contains("'mugshot' carrying photographs of persons", refused.Message, StringComparison.Ordinal);
        Assert.Contains("never stores them", refused.Message, StringComparison.Ordinal);

        // The same for a delta, and for a picture in a column that is not named for one.
        Assert.Contains(
            "photographs",
            (
                await Assert.ThrowsAsync<HotListImportException>(() =>
                    service.ApplyUpdateAsync(platform.Delta(2, 1, "op,plate,category,driver_photo\nadd,DEF5678,stolen,\n"), default)
                )
            ).Message,
            StringComparison.Ordinal
        );
        var embedded = await Assert.ThrowsAsync<HotListImportException>(() =>
            service.ApplyUpdateAsync(
                platform.Full(2, $"plate,state,category,reason,notes\nABC1234,IL,stolen,,\nDEF5678,IL,stolen,,{Jpeg}\n"),
                default
            )
        );
        Assert.Contains("line 3 holds a picture", embedded.Message, StringComparison.Ordinal);

        Assert.Equal(1, service.Current.Version);
        Assert.Equal(before, await File.ReadAllBytesAsync(kept));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(kept)!));
    }

    [Fact]
    public async Task An_update_kept_by_an_agent_without_this_check_is_reported_at_start_not_thrown()
    {
        using var platform = new Platform();
        new HotListStore(platform.Options().Directory).SaveFull(platform.Full(3, $"plate,category,photo\nABC1234,stolen,{Jpeg}\n"));
        using HotListService service = platform.Service();
        IReadOnlyList<string> problems = await service.LoadAsync(default);
        Assert.Contains(problems, p => p.Contains("version 3", StringComparison.Ordinal) && p.Contains("photographs", StringComparison.Ordinal));
        Assert.Equal(0, service.Current.Version);
    }
}
