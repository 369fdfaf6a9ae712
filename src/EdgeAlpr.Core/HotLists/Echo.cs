namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// A value from a list file as quoted in a row's error: cut short, so that a field of megabytes
/// (a quote never closed, a picture) does not become a message of megabytes in the report and the log.
/// </summary>
public static class Echo
{
    public const int MaxCharacters = 40;

    public static string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxCharacters ? value : $"{value.AsSpan(0, MaxCharacters)}… ({value.Length} characters)";
    }
}
