using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.HotLists.Tests;

public class HotListFileReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Csv_columns_are_found_by_name_including_common_aliases()
    {
        var rows = new List<ListRow>();
        ImportSummary s = HotListFileReader.Read(
            "License Plate,Jurisdiction,Category,Source,NCIC Number,Description,Vehicle,Expires\n"
                + "abc-1234,il,stolen,ncic,V123456789,\"Taken from lot, keys inside\",2016 HOND CIV BLK,2026-12-31\n",
            new ImportDefaults(),
            Now,
            false,
            Collect(rows)
        );
        Assert.Equal("csv", s.Format);
        HotListEntry e = Assert.Single(rows).Entry;
        Assert.Equal(
            ("ABC1234", "IL", HotListCategory.StolenVehicle, "NCIC", "V123456789"),
            (e.Plate, e.State, e.Category, e.Source, e.RecordNumber)
        );
        Assert.Equal("Taken from lot, keys inside", e.Reason);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), e.Expires); // through the end of that day
    }

    [Fact]
    public void Semicolon_lines_take_plate_state_category_and_optional_fields_with_comments_and_blank_lines()
    {
        var rows = new List<ListRow>();
        ImportSummary s = HotListFileReader.Read(
            "# exported 2026-11-23\n\nABC123;IL\nXYZ 789;;amber;Child abducted;A12345\n",
            new ImportDefaults { Category = HotListCategory.LocalNewWanted },
            Now,
            false,
            Collect(rows)
        );
        Assert.Equal("semicolon", s.Format);
        Assert.Equal(2, s.Accepted);
        Assert.Equal(HotListCategory.LocalNewWanted, rows[0].Entry.Category);
        Assert.Equal(
            ("XYZ789", null, HotListCategory.AmberAlert, "Child abducted", "A12345"),
            (rows[1].Entry.Plate, rows[1].Entry.State, rows[1].Entry.Category, rows[1].Entry.Reason, rows[1].Entry.RecordNumber)
        );
        Assert.Equal([3, 4], rows.Select(r => r.Line));
    }

    [Fact]
    public void A_semicolon_list_may_start_with_a_header_line()
    {
        var rows = new List<ListRow>();
        ImportSummary s = HotListFileReader.Read(
            "PLATE;STATE;REASON\nXYZ123;IL;taken from lot, keys inside\n",
            new ImportDefaults { Category = HotListCategory.StolenVehicle },
            Now,
            false,
            Collect(rows)
        );
        Assert.Equal(("semicolon", 1), (s.Format, s.DataLines));
        Assert.Equal(("XYZ123", "taken from lot, keys inside", 2), (rows[0].Entry.Plate, rows[0].Entry.Reason, rows[0].Line));
    }

    [Fact]
    public void Each_bad_row_is_reported_with_its_line_and_reason_and_the_good_rows_are_kept()
    {
        var rows = new List<ListRow>();
        ImportSummary s = HotListFileReader.Read(
            "plate,state,category,expires\n"
                + "ABC123,IL,stolen_vehicle,\n"
                + ",IL,stolen_vehicle,\n"
                + "ABC124,IL,parking,\n"
                + "ABC125,IL,stolen,next week\n"
                + "ABC126,IL,stolen,,extra\n"
                + "ABC127,IL,,\n"
                + "ABC128,IL,felony,2026-01-01\n",
            new ImportDefaults(),
            Now,
            false,
            Collect(rows)
        );
        Assert.Equal((7, 2, 5, 1), (s.DataLines, s.Accepted, s.Rejected, s.AlreadyExpired));
        Assert.Equal([3, 4, 5, 6, 7], s.Errors.Select(e => e.Line));
        Assert.Contains("no plate", s.Errors[0].Reason);
        Assert.Contains("unknown category 'parking'", s.Errors[1].Reason);
        Assert.Contains("expiry 'next week'", s.Errors[2].Reason);
        Assert.Contains("5 fields", s.Errors[3].Reason);
        Assert.Contains("no category", s.Errors[4].Reason);
    }

    [Fact]
    public void Csv_without_a_header_is_refused_as_a_whole()
    {
        var e = Assert.Throws<HotListImportException>(() =>
            HotListFileReader.Read("ABC123,IL,stolen\n", new ImportDefaults(), Now, false, _ => null)
        );
        Assert.Contains("header", e.Message);
    }

    [Fact]
    public void A_remove_column_is_only_for_signed_deltas()
    {
        Assert.Throws<HotListImportException>(() => HotListFileReader.Read("op,plate\nremove,ABC123\n", new ImportDefaults(), Now, false, _ => null));
        var rows = new List<ListRow>();
        HotListFileReader.Read("op,plate,category\nremove,ABC123,\nadd,ABC124,stolen\n", new ImportDefaults(), Now, true, Collect(rows));
        Assert.Equal([ListOperation.Remove, ListOperation.Add], rows.Select(r => r.Operation));
    }

    [Fact]
    public void An_empty_file_has_no_rows()
    {
        ImportSummary s = HotListFileReader.Read("# nothing\n\n", new ImportDefaults(), Now, false, _ => null);
        Assert.True(s.IsMostlyInvalid);
        Assert.Equal(0, s.DataLines);
    }

    [Property(MaxTest = 40)]
    public Property Reading_in_pieces_gives_the_same_rows_and_errors_as_reading_whole(int seed)
    {
        // Quoted reasons with commas, quotes and line breaks, so a cut inside a quote would show.
        var random = new Random(seed);
        var text = new StringBuilder("plate,state,category,reason\n");
        int rows = 2_000 + random.Next(2_000);
        for (int i = 0; i < rows; i++)
        {
            string reason = random.Next(5) switch
            {
                0 => "\"line one\nline two, \"\"quoted\"\"\"",
                1 => "plain",
                _ => "",
            };
            string category = random.Next(50) == 0 ? "bogus" : "stolen";
            text.Append(random.Next(1000).ToString("D3")).Append("ABC,IL,").Append(category).Append(',').Append(reason).Append('\n');
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var whole = new List<ListRow>();
        ImportSummary a = HotListFileReader.Read(
            bytes,
            1,
            new ImportDefaults(),
            Now,
            false,
            PhotoRule.Drop,
            _ => Collect(whole),
            CancellationToken.None
        );
        var pieces = Enumerable.Range(0, 4).Select(_ => new List<ListRow>()).ToArray();
        ImportSummary b = HotListFileReader.Read(
            bytes,
            4,
            new ImportDefaults(),
            Now,
            false,
            PhotoRule.Drop,
            i => Collect(pieces[i]),
            CancellationToken.None,
            minPieceBytes: 1024
        );
        var joined = pieces.SelectMany(p => p).ToList();
        return (
            pieces.All(p => p.Count > 0)
            && a.Accepted == b.Accepted
            && a.Rejected == b.Rejected
            && a.DataLines == rows
            && a.Errors.Select(e => e.Line).SequenceEqual(b.Errors.Select(e => e.Line))
            && whole.Select(r => (r.Line, r.Entry.Plate, r.Entry.Reason)).SequenceEqual(joined.Select(r => (r.Line, r.Entry.Plate, r.Entry.Reason)))
        ).ToProperty();
    }

    private static Func<ListRow, string?> Collect(List<ListRow> rows) =>
        row =>
        {
            lock (rows)
            {
                rows.Add(row);
            }

            return null;
        };
}
