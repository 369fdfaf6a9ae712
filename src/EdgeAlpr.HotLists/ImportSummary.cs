namespace EdgeAlpr.HotLists;

/// <summary>What reading a list file gave: rows accepted, rows refused with their reasons.</summary>
public sealed record ImportSummary(
    string Format,
    int DataLines,
    int Accepted,
    int Rejected,
    int AlreadyExpired,
    IReadOnlyList<ImportLineError> Errors,
    IReadOnlyList<string> IgnoredColumns)
{
    /// <summary>Line errors kept for the report; the count covers them all.</summary>
    public const int MaxReportedErrors = 1000;

    /// <summary>More than this fraction of bad rows means the file is the wrong file or broken: refuse it whole.</summary>
    public const double MaxRejectedFraction = 0.5;

    public bool IsMostlyInvalid => DataLines == 0 || Accepted == 0 || Rejected > DataLines * MaxRejectedFraction;
}
