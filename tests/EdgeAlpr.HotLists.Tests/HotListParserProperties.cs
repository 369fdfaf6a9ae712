using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.TestKit.Fuzzing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>
/// Hot lists come from the platform and from whoever hands the unit a file: the list reader, the
/// signed update's header, and the service's whole path from bytes take random and damaged input
/// (damaged lists signed again too, so they get past the signature) and answer with a summary, an
/// accepted update, or a <see cref="HotListImportException"/>; a refused update changes nothing
/// on disk, and no picture ever reaches the list.
/// </summary>
public sealed class HotListParserProperties : IDisposable
{
    private static readonly string Csv =
        "# exported 2026-11-23\n"
        + "plate,state,category,source,record_number,reason,vehicle,entered_by,entered_at,expires,notes\n"
        + "ABC1234,IL,stolen_vehicle,NCIC,V123456789,\"taken from a lot, keys \"\"inside\"\"\",2016 HOND CIV BLK,,,2026-12-31,x\n"
        + "XYZ789,WI,amber,LEADS,A1,\"child abducted\nsecond line\",,ofc.smith,2026-11-20T10:00:00Z,,\n"
        + "AB*1234,IL,felony,NCIC,,armed,,,,2026-12-01T18:00:00Z,\n"
        + "DEF5678,,wanted,SOS,,,,,,,\n"
        + "GHI9012,ON,expired_registration,SOS,,,,,,,\n"
        + "JKL3456,IL,protection_order,NCIC,P77,,2019 FORD F150 WHI,,,,\n"
        + "MNO7890,IL,stolen_plate,NCIC,,,,,,,\n"
        + "PQR1234,IN,sex_offender,SOS,,,,,,,\n";

    private static readonly string Semicolon =
        "# ALPR export\nABC123;IL\nXYZ 789;;amber;Child abducted;A12345;2016 HOND;2026-12-31\nDEF-456;WI;stolen\n";

    private static readonly string Delta =
        "op,plate,state,category,source\nadd,FEL0N1,IL,felony_vehicle,LEADS\nremove,ABC1234,IL,,\nadd,STL3N1,,stolen,NCIC\n";

    private static readonly string[] Tokens =
    [
        "plate",
        "op",
        "remove",
        "add",
        "stolen",
        "amber",
        "photo",
        "mugshot",
        "data:image/jpeg;base64,/9j/4AAQ",
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQ",
        "2026-13-45",
        "9999-12-31T23:59:59Z",
        "***",
        "ÄÖÜ",
    ];

    private static readonly DateTimeOffset Now = Platform.Start;

    private readonly Platform _platform = new();
    private readonly HotListService _service;
    private long _version;

    public HotListParserProperties()
    {
        _service = _platform.Service();
        _service.LoadAsync(default).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _service.Dispose();
        _platform.Dispose();
    }

    [Property(MaxTest = 400)]
    public Property A_list_file_gives_a_summary_or_is_refused_whole_and_no_picture_reaches_a_row() =>
        Prop.ForAll(Lists(), Gen.Elements(PhotoRule.Drop, PhotoRule.Refuse).ToArbitrary(), Gen.Elements(1, 2).ToArbitrary(), (input, photos, parts) =>
            CleanParse.Check(
                input,
                () =>
                {
                    var rows = new List<ListRow>[parts];
                    for (int i = 0; i < parts; i++)
                    {
                        rows[i] = [];
                    }

                    bool delta = input.Made.StartsWith("delta", StringComparison.Ordinal);
                    ImportSummary s = HotListFileReader.Read(
                        input.Bytes,
                        parts,
                        new ImportDefaults(),
                        Now,
                        delta,
                        photos,
                        i =>
                            row =>
                            {
                                rows[i].Add(row);
                                return null;
                            },
                        CancellationToken.None,
                        minPieceBytes: 64
                    );
                    if (s.Accepted + s.Rejected != s.DataLines || s.Errors.Count > Math.Min(s.Rejected, ImportSummary.MaxReportedErrors))
                    {
                        throw new InvalidOperationException($"counts do not add up: {s}");
                    }

                    if (photos == PhotoRule.Refuse && (s.PhotoColumnsDropped.Count > 0 || s.EmbeddedImagesDropped > 0))
                    {
                        throw new InvalidOperationException("a list with pictures was read under PhotoRule.Refuse");
                    }

                    foreach (ListRow row in rows.SelectMany(r => r))
                    {
                        string?[] values =
                        [
                            row.Entry.Plate,
                            row.Entry.State,
                            row.Entry.Source,
                            row.Entry.RecordNumber,
                            row.Entry.Reason,
                            row.Entry.Vehicle,
                            row.Entry.EnteredBy,
                        ];
                        if (values.Any(v => v is not null && EmbeddedImage.IsImage(v)))
                        {
                            throw new InvalidOperationException($"line {row.Line} reached the list with a picture in it");
                        }
                    }
                },
                typeof(HotListImportException)
            )
        );

    [Property(MaxTest = 400)]
    public Property A_signed_update_header_parses_and_verifies_or_is_refused() =>
        Prop.ForAll(
            Mutations.Inputs(
                _platform.Full(7, Csv),
                "kind",
                "full",
                "delta",
                "version",
                "base-version",
                "payload-sha256",
                "audience",
                "il-chicago-pd/",
                "signature",
                "created-at",
                "EDGEALPR-HOTLIST/1",
                "\n\n"
            ),
            input => CleanParse.Check(input, () => SignedUpdate.Parse(input.Bytes).Verify(_platform.Key), typeof(HotListImportException))
        );

    [Property(MaxTest = 150)]
    public Property A_platform_update_from_any_bytes_is_applied_or_refused_leaving_the_list_and_its_files_as_they_were() =>
        Prop.ForAll(Updates(), input => CleanParse.Check(
                input,
                CleanParse.TimeLimitWithDisk,
                () =>
                {
                    HotListSnapshot before = _service.Current;
                    string kept = Kept();
                    try
                    {
                        _service.ApplyUpdateAsync(input.Bytes, default).GetAwaiter().GetResult();
                    }
                    catch (HotListImportException)
                    {
                        if (!ReferenceEquals(before, _service.Current) || Kept() != kept)
                        {
                            throw new InvalidOperationException("a refused update changed the list or its files");
                        }

                        throw;
                    }
                },
                typeof(HotListImportException)
            ));

    [Property(MaxTest = 150)]
    public Property A_local_list_from_any_bytes_is_added_or_refused() =>
        Prop.ForAll(Mutations.Inputs(Encoding.UTF8.GetBytes(Csv.Replace(",notes", ",dl_photo", StringComparison.Ordinal)), Tokens), input =>
            CleanParse.Check(
                input,
                CleanParse.TimeLimitWithDisk,
                () => _service.ImportLocalAsync(input.Bytes, new ImportDefaults { EnteredBy = "test" }, default).GetAwaiter().GetResult(),
                typeof(HotListImportException)
            )
        );

    private static readonly string[] Pictures =
    [
        "\"data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQ\"",
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U",
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==",
        "0xFFD8FFE000104A46494600010100000100010000FFDB004300",
        "\"/9j/4AAQSkZJRgABAQAAAQABAAD/2wBD\r\nAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U\"",
    ];

    /// <summary>The sample with one field of one row replaced by a picture in one of the encodings a source might use.</summary>
    private static Gen<FuzzInput> Pictured() =>
        from row in Gen.Choose(2, Csv.Split('\n').Length - 2)
        from column in Gen.Choose(1, 10)
        from picture in Gen.Elements(Pictures)
        let lines = Csv.Split('\n')
        let fields = lines[row].Split(',')
        let changed = column < fields.Length ? string.Join(',', fields.Select((f, i) => i == column ? picture : f)) : lines[row]
        select new FuzzInput(
            Encoding.UTF8.GetBytes(string.Join('\n', lines.Select((l, i) => i == row ? changed : l))),
            $"field {column} of line {row + 1} a picture"
        );

    private static Arbitrary<FuzzInput> Lists() =>
        Gen.Frequency(
                (1, Mutations.RandomBytes()),
                (2, Pictured()),
                (1, Mutations.RandomText("plate,state;category\"\n\r#ABC123 IL stolen*", 400)),
                (4, Mutations.Of(Encoding.UTF8.GetBytes(Csv), Tokens)),
                (1, Mutations.Of(Encoding.UTF8.GetBytes(Semicolon), Tokens)),
                (2, Mutations.Of(Encoding.UTF8.GetBytes(Delta), Tokens).Select(i => i with { Made = "delta: " + i.Made }))
            )
            .ToArbitrary();

    /// <summary>A signed update damaged as bytes (refused at the hash or signature), or a damaged list signed again (read through).</summary>
    private Arbitrary<FuzzInput> Updates() =>
        Gen.Frequency(
                (1, Mutations.RandomBytes()),
                (1, Mutations.Of(_platform.Full(1_000_000, Csv), Tokens)),
                (4, Mutations.Of(Encoding.UTF8.GetBytes(Csv), Tokens).Select(SignedFull)),
                (1, Mutations.Of(Encoding.UTF8.GetBytes(Delta), Tokens).Select(SignedDelta))
            )
            .ToArbitrary();

    private FuzzInput SignedFull(FuzzInput list)
    {
        long version = Interlocked.Increment(ref _version);
        return new FuzzInput(
            SignedUpdate.Create(UpdateKind.Full, Platform.Agency, version, null, Now, list.Bytes, _platform.Key),
            $"signed full {version}: {list.Made}"
        );
    }

    private FuzzInput SignedDelta(FuzzInput list)
    {
        long version = Interlocked.Increment(ref _version);
        return new FuzzInput(
            SignedUpdate.Create(UpdateKind.Delta, Platform.Agency, version, version - 1, Now, list.Bytes, _platform.Key),
            $"signed delta {version}: {list.Made}"
        );
    }

    /// <summary>The kept platform files, as a hash of their names and bytes.</summary>
    private string Kept()
    {
        string folder = Path.Combine(_platform.Options().Directory, "platform");
        if (!Directory.Exists(folder))
        {
            return "";
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
