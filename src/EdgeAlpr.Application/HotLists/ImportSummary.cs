namespace EdgeAlpr.Application.HotLists;

/// <summary>What reading a list file gave: rows accepted, rows refused with their reasons.</summary>
public sealed record ImportSummary(
    string Format,
    int DataLines,
    int Accepted,
    int Rejected,
    int AlreadyExpired,
    IReadOnlyList<ImportLineError> Errors,
    IReadOnlyList<string> IgnoredColumns
)
{
    /// <summary>Line errors kept for the report; the count covers them all.</summary>
    public const int MaxReportedErrors = 1000;

    /// <summary>More than this fraction of bad rows means the file is the wrong file or broken: refuse it whole.</summary>
    public const double MaxRejectedFraction = 0.5;

    /// <summary>Columns left out because they carry photographs of persons (<c>PersonPhotoColumns</c>).</summary>
    public IReadOnlyList<string> PhotoColumnsDropped { get; init; } = [];

    /// <summary>Values in those columns that held something, none of them stored.</summary>
    public int PhotosDropped { get; init; }

    /// <summary>Field values that were pictures (a data: URI, base64 or hex of image bytes), left out of their rows.</summary>
    public int EmbeddedImagesDropped { get; init; }

    public bool IsMostlyInvalid => DataLines == 0 || Accepted == 0 || Rejected > DataLines * MaxRejectedFraction;
}

/// <summary>A row that was not loaded, and why.</summary>
public sealed record ImportLineError(int Line, string Reason);
