using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Text;

namespace EdgeAlpr.HotLists;

/// <summary>
/// Reads hot-list files in either of two formats, told apart by the first line:
/// <list type="bullet">
/// <item>CSV with a header naming its columns (<see cref="Columns"/>; <c>plate</c> is required),</item>
/// <item>the <c>PLATE;STATE;CATEGORY;REASON;RECORD_NUMBER;VEHICLE;EXPIRES</c> lines of common ALPR
/// products, every field after the plate optional (or with a header line naming the columns).</item>
/// </list>
/// Lines starting with '#' are comments. Each bad row is reported with its line number and
/// reason; the good rows go on. Photographs of persons are never read into the list: columns that
/// carry them (<see cref="PersonPhotoColumns"/>) and field values that are pictures
/// (<see cref="EmbeddedImage"/>) are left out, or refuse the whole file (<see cref="PhotoRule"/>).
/// </summary>
public static class HotListFileReader
{
    public static IReadOnlyList<string> Columns { get; } =
    ["op", "plate", "state", "category", "source", "record_number", "reason", "vehicle", "entered_by", "entered_at", "expires"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["action"] = "op",
        ["operation"] = "op",
        ["plate_number"] = "plate",
        ["license_plate"] = "plate",
        ["licence_plate"] = "plate",
        ["jurisdiction"] = "state",
        ["region"] = "state",
        ["ncic_number"] = "record_number",
        ["record"] = "record_number",
        ["description"] = "reason",
        ["expires_at"] = "expires",
        ["expiry"] = "expires",
    };

    /// <summary>
    /// Longest field read, in characters. A field that is loaded is at most a few hundred
    /// (<see cref="HotListEntryRules.MaxFieldLength"/>); a photo in a plain list, left out, may be a
    /// few megabytes of base64; anything longer is a quote never closed, and the file is refused
    /// rather than buffered.
    /// </summary>
    public const int MaxFieldCharacters = 4 << 20;

    private static readonly string[] SemicolonOrder = ["plate", "state", "category", "reason", "record_number", "vehicle", "expires"];

    /// <summary>
    /// Reads a list from its UTF-8 bytes. Large lists are cut at line ends into
    /// <paramref name="parts"/> pieces read in parallel, each piece's rows going to its own
    /// <paramref name="acceptFor"/>(piece) callback, so a 2-million-row list loads on every core.
    /// </summary>
    /// <param name="utf8">The whole file, UTF-8.</param>
    /// <param name="parts">How many pieces to read in parallel, at most.</param>
    /// <param name="defaults">Values for the columns a row leaves out.</param>
    /// <param name="now">The time rows are stamped and judged (expiry) at.</param>
    /// <param name="acceptFor">Gives the callback that loads the rows of piece <c>i</c>; it returns why a row cannot be loaded, or null.</param>
    /// <param name="allowOperations">Whether rows may say <c>remove</c> (deltas); otherwise every row adds.</param>
    /// <param name="photos">Whether photographs of persons are left out (plain lists) or refuse the file (signed updates).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="minPieceBytes">The smallest piece worth a thread of its own.</param>
    /// <exception cref="HotListImportException">The file as a whole cannot be read, or carries photographs under <see cref="PhotoRule.Refuse"/>.</exception>
    public static ImportSummary Read(
        ReadOnlyMemory<byte> utf8,
        int parts,
        ImportDefaults defaults,
        DateTimeOffset now,
        bool allowOperations,
        PhotoRule photos,
        Func<int, Func<ListRow, string?>> acceptFor,
        CancellationToken cancellationToken,
        int minPieceBytes = 1 << 20
    )
    {
        ArgumentNullException.ThrowIfNull(acceptFor);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ReadOnlySpan<byte> bytes = utf8.Span;
        int offset = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        int skippedLines = 0;
        string? first = null;
        int firstEnd = offset;
        while (offset < bytes.Length)
        {
            int newline = bytes[offset..].IndexOf((byte)'\n');
            firstEnd = newline < 0 ? bytes.Length : offset + newline + 1;
            string line = DecodeLine(bytes[offset..firstEnd]);
            if (line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
            {
                first = line;
                break;
            }

            skippedLines++;
            offset = firstEnd;
        }

        if (first is null)
        {
            return new ImportSummary("empty", 0, 0, 0, 0, [], []);
        }

        (bool semicolon, bool header, string[] order) = DetectFormat(first, allowOperations, photos);
        int dataStart = header ? firstEnd : offset;
        int firstDataLine = skippedLines + (header ? 1 : 0);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = semicolon ? ";" : ",",
            HasHeaderRecord = false,
            AllowComments = true,
            Comment = '#',
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
            CacheFields = false,
            BadDataFound = null,
            MaxFieldSize = MaxFieldCharacters,
        };
        var columns = new ColumnMap(order, header);
        List<(int Start, int End, int LineOffset)> pieces = Split(bytes, dataStart, parts, firstDataLine, minPieceBytes);
        var results = new PieceResult[pieces.Count];
        Parallel.For(0, pieces.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = pieces.Count }, i =>
        {
            (int start, int end, int lineOffset) = pieces[i];
            results[i] = ReadPiece(utf8[start..end], config, columns, lineOffset, defaults, now, photos, acceptFor(i), cancellationToken);
        });

        // In piece order, so the message names the first line at fault.
        foreach (PieceResult r in results)
        {
            if (r.Failure is not null)
            {
                throw new HotListImportException(r.Failure);
            }

            if (photos == PhotoRule.Refuse && r.ImageLine is { } line)
            {
                throw new HotListImportException(
                    $"line {line} holds a picture (a data: URI, or base64 or hex of image bytes); the agent never stores photographs of persons, "
                        + "and a signed update is kept exactly as received, so the whole update is refused (the platform must leave pictures out)"
                );
            }
        }

        var errors = results.SelectMany(r => r.Errors).Take(ImportSummary.MaxReportedErrors).ToList();
        return new ImportSummary(
            semicolon ? "semicolon" : "csv",
            results.Sum(r => r.DataLines),
            results.Sum(r => r.Accepted),
            results.Sum(r => r.Rejected),
            results.Sum(r => r.Expired),
            errors,
            order.Where((c, i) => !Columns.Contains(c) && !columns.IsPhoto(i)).Distinct().ToList()
        )
        {
            PhotoColumnsDropped = order.Where((_, i) => columns.IsPhoto(i)).Distinct().ToList(),
            PhotosDropped = results.Sum(r => r.Photos),
            EmbeddedImagesDropped = results.Sum(r => r.Images),
        };
    }

    /// <summary>Reads a list from text (tests, small local lists).</summary>
    public static ImportSummary Read(
        string text,
        ImportDefaults defaults,
        DateTimeOffset now,
        bool allowOperations,
        Func<ListRow, string?> accept,
        PhotoRule photos = PhotoRule.Drop
    ) => Read(System.Text.Encoding.UTF8.GetBytes(text), 1, defaults, now, allowOperations, photos, _ => accept, CancellationToken.None);

    /// <summary>
    /// The delimiter (';' when the first line has one, or has no comma), whether that line is a
    /// header (it names a <c>plate</c> column), and the column order.
    /// </summary>
    private static (bool Semicolon, bool Header, string[] Order) DetectFormat(string first, bool allowOperations, PhotoRule photos)
    {
        bool semicolon = first.Contains(';', StringComparison.Ordinal) || !first.Contains(',', StringComparison.Ordinal);
        string[] names = first.Split(semicolon ? ';' : ',').Select(h => Canonical(h.Trim().Trim('"'))).ToArray();
        bool header = names.Contains("plate");
        if (!semicolon && !header)
        {
            throw new HotListImportException(
                "the file looks like CSV but its first line is not a header naming its columns; add one, e.g. 'plate,state,category,source,reason,expires'"
            );
        }

        if (header && !allowOperations && names.Contains("op"))
        {
            throw new HotListImportException("the file has an 'op' column, which only a signed delta update may have");
        }

        string[] photoColumns = header ? names.Where(n => !Columns.Contains(n) && PersonPhotoColumns.IsPhotoColumn(n)).Distinct().ToArray() : [];
        if (photos == PhotoRule.Refuse && photoColumns.Length > 0)
        {
            throw new HotListImportException(
                $"the update has column(s) {string.Join(", ", photoColumns.Select(c => $"'{Echo.Of(c)}'"))} carrying photographs of persons; the agent never stores them, "
                    + "and a signed update is kept exactly as received, so the whole update is refused (the platform must leave such columns out)"
            );
        }

        return (semicolon, header, header ? names : SemicolonOrder);
    }

    /// <summary>
    /// Cuts [start, end) into pieces at line ends that are not inside a quoted field (an even
    /// number of quotes before the cut), with the line number each piece starts after.
    /// </summary>
    private static List<(int Start, int End, int LineOffset)> Split(ReadOnlySpan<byte> bytes, int start, int parts, int lineOffset, int minPieceBytes)
    {
        var pieces = new List<(int, int, int)>();
        int count = (int)Math.Clamp((bytes.Length - start) / Math.Max(1, minPieceBytes), 1, parts);
        int from = start;
        for (int k = 1; k < count; k++)
        {
            int cut = Math.Max(from, start + (int)((long)(bytes.Length - start) * k / count));
            int quotes = bytes[from..cut].Count((byte)'"');
            while (cut < bytes.Length)
            {
                int newline = bytes[cut..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    cut = bytes.Length;
                    break;
                }

                quotes += bytes.Slice(cut, newline).Count((byte)'"');
                cut += newline + 1;
                if (quotes % 2 == 0)
                {
                    break;
                }
            }

            pieces.Add((from, cut, lineOffset));
            lineOffset += bytes[from..cut].Count((byte)'\n');
            from = cut;
        }

        pieces.Add((from, bytes.Length, lineOffset));
        return pieces;
    }

    private static PieceResult ReadPiece(
        ReadOnlyMemory<byte> piece,
        CsvConfiguration config,
        ColumnMap columns,
        int lineOffset,
        ImportDefaults defaults,
        DateTimeOffset now,
        PhotoRule photos,
        Func<ListRow, string?> accept,
        CancellationToken cancellationToken
    )
    {
        var result = new PieceResult();
        using var reader = new StreamReader(AsStream(piece), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        using var parser = new CsvParser(reader, config);
        var fields = new RowFields(parser, columns, photos, result);
        while (true)
        {
            try
            {
                if (!parser.Read())
                {
                    break;
                }
            }
            catch (CsvHelperException ex)
            {
                // Thrown for a field over MaxFieldCharacters; any other complaint of the parser is as final.
                result.Failure =
                    $"line {lineOffset + parser.RawRow}: "
                    + (
                        ex is MaxFieldSizeException
                            ? $"a field is longer than {MaxFieldCharacters} characters (is a quote never closed?)"
                            : "not readable as CSV"
                    );
                break;
            }

            if ((result.DataLines & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            result.DataLines++;
            int line = lineOffset + parser.RawRow;
            fields.Start(line);
            string? problem = ParseRow(parser, fields, columns, defaults, out ListRow? row);
            fields.Finish();
            if (photos == PhotoRule.Refuse && result.ImageLine is not null)
            {
                break; // the file is refused; the rest need not be read
            }

            if (problem is null && row is not null)
            {
                problem = accept(row);
                if (problem is null && row.Entry.IsExpired(now))
                {
                    result.Expired++;
                }
            }

            if (problem is null)
            {
                result.Accepted++;
            }
            else
            {
                result.Rejected++;
                if (result.Errors.Count < ImportSummary.MaxReportedErrors)
                {
                    result.Errors.Add(new ImportLineError(line, problem));
                }
            }
        }

        return result;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private static string DecodeLine(ReadOnlySpan<byte> line) => System.Text.Encoding.UTF8.GetString(line).TrimEnd('\r', '\n');

    private static string? ParseRow(CsvParser parser, RowFields fields, ColumnMap columns, ImportDefaults defaults, out ListRow? row)
    {
        row = null;
        int line = fields.Line;
        string? Field(int index) => fields.Read(index);
        if (parser.Count > columns.Defined && !(parser.Count == columns.Defined + 1 && parser[columns.Defined].Length == 0))
        {
            return $"{parser.Count} fields, but at most {columns.Defined} are defined";
        }

        ListOperation op = ListOperation.Add;
        if (columns.Op >= 0)
        {
            string? text = Field(columns.Op);
            if (text is null || !Enum.TryParse(text, ignoreCase: true, out op) || !Enum.IsDefined(op))
            {
                return $"op '{(text is null ? "" : Echo.Of(text))}' is neither add nor remove";
            }
        }

        string plate = PlateText.Normalize(Field(columns.Plate) ?? "");
        if (plate.Length == 0)
        {
            return "no plate";
        }

        string? categoryText = Field(columns.Category);
        HotListCategory category;
        if (categoryText is null)
        {
            if (defaults.Category is not { } fallback)
            {
                if (op == ListOperation.Add)
                {
                    return "no category (give one in the file, or a default when importing)";
                }

                // A remove needs no category: it removes the plate.
                fallback = HotListCategory.LocalNewWanted;
            }

            category = fallback;
        }
        else if (!HotListCategories.TryParse(categoryText, out category))
        {
            return $"unknown category '{Echo.Of(categoryText)}' (known: {HotListCategories.Describe()})";
        }

        DateTimeOffset? expires = null;
        if (Field(columns.Expires) is { } expiresText)
        {
            if (!IsoTime.TryParse(expiresText, endOfDay: true, out DateTimeOffset e))
            {
                return $"expiry '{Echo.Of(expiresText)}' is not an ISO 8601 date or time (e.g. 2026-12-31 or 2026-12-31T18:00:00Z)";
            }

            expires = e;
        }

        DateTimeOffset? enteredAt = defaults.EnteredAt;
        if (!defaults.EnteredHere && Field(columns.EnteredAt) is { } enteredText)
        {
            if (!IsoTime.TryParse(enteredText, endOfDay: false, out DateTimeOffset e))
            {
                return $"entered_at '{Echo.Of(enteredText)}' is not an ISO 8601 time";
            }

            enteredAt = e;
        }

        string? state = Field(columns.State) is { } s ? PlateText.Normalize(s) : null;
        row = new ListRow(
            line,
            op,
            new HotListEntry
            {
                Plate = plate,
                State = string.IsNullOrEmpty(state) ? null : state,
                Category = category,
                Source = Field(columns.Source)?.ToUpperInvariant() ?? defaults.Source,
                RecordNumber = Field(columns.RecordNumber),
                Reason = Field(columns.Reason),
                Vehicle = Field(columns.Vehicle),
                EnteredBy = defaults.EnteredHere ? defaults.EnteredBy : Field(columns.EnteredBy) ?? defaults.EnteredBy,
                EnteredAt = enteredAt,
                Expires = expires,
                Origin = defaults.Origin,
            }
        );
        return null;
    }

    private static string Canonical(string header)
    {
        string name = header.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
        return Aliases.TryGetValue(name, out string? alias) ? alias : name;
    }

    /// <summary>Where each known column is (-1: absent), looked up once per file rather than per row.</summary>
    private sealed class ColumnMap(string[] order, bool named)
    {
        private readonly bool[] _photo = order.Select(c => named && !Columns.Contains(c) && PersonPhotoColumns.IsPhotoColumn(c)).ToArray();

        public int Defined { get; } = order.Length;

        public bool IsPhoto(int index) => index < _photo.Length && _photo[index];

        public int Op { get; } = Array.IndexOf(order, "op");

        public int Plate { get; } = Array.IndexOf(order, "plate");

        public int State { get; } = Array.IndexOf(order, "state");

        public int Category { get; } = Array.IndexOf(order, "category");

        public int Source { get; } = Array.IndexOf(order, "source");

        public int RecordNumber { get; } = Array.IndexOf(order, "record_number");

        public int Reason { get; } = Array.IndexOf(order, "reason");

        public int Vehicle { get; } = Array.IndexOf(order, "vehicle");

        public int EnteredBy { get; } = Array.IndexOf(order, "entered_by");

        public int EnteredAt { get; } = Array.IndexOf(order, "entered_at");

        public int Expires { get; } = Array.IndexOf(order, "expires");
    }

    private sealed class PieceResult
    {
        public int DataLines { get; set; }

        public int Accepted { get; set; }

        public int Rejected { get; set; }

        public int Expired { get; set; }

        public int Photos { get; set; }

        public int Images { get; set; }

        /// <summary>The first line with a picture in a field.</summary>
        public int? ImageLine { get; set; }

        /// <summary>Why the piece could not be read on, which refuses the file.</summary>
        public string? Failure { get; set; }

        public List<ImportLineError> Errors { get; } = [];
    }

    /// <summary>
    /// The fields of the current row as the row parser reads them: a picture is never handed on
    /// (it is counted), photo columns are counted and never read, and under
    /// <see cref="PhotoRule.Refuse"/> every field the parser did not read is looked at too, since a
    /// signed update's every byte is kept.
    /// </summary>
    private sealed class RowFields(CsvParser parser, ColumnMap columns, PhotoRule photos, PieceResult result)
    {
        private bool[] _read = new bool[16];

        public int Line { get; private set; }

        public void Start(int line)
        {
            Line = line;
            if (_read.Length < parser.Count)
            {
                _read = new bool[Math.Max(parser.Count, _read.Length * 2)];
            }

            Array.Clear(_read, 0, parser.Count);
        }

        public string? Read(int index)
        {
            if (index < 0 || index >= parser.Count)
            {
                return null;
            }

            _read[index] = true;
            string value = parser[index];
            if (value.Length == 0)
            {
                return null;
            }

            if (EmbeddedImage.IsImage(value))
            {
                Image();
                return null;
            }

            return value;
        }

        public void Finish()
        {
            for (int i = 0; i < parser.Count; i++)
            {
                if (_read[i])
                {
                    continue;
                }

                if (columns.IsPhoto(i))
                {
                    result.Photos += parser[i].Length > 0 ? 1 : 0;
                }
                else if (photos == PhotoRule.Refuse && EmbeddedImage.IsImage(parser[i]))
                {
                    Image();
                }
            }
        }

        private void Image()
        {
            result.Images++;
            result.ImageLine ??= Line;
        }
    }
}
