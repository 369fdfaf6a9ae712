using System.Globalization;

namespace EdgeAlpr.Core.Text;

/// <summary>
/// Times as lists and people write them: ISO 8601, UTC unless they say otherwise. A date alone is the start of that
/// day, or, for an end (an entry's expiry, a search's "to"), the end of it, as a listing "until 31 Dec" means. One
/// reading for the list files, the local entries people add and the command line, so the three never disagree.
/// </summary>
public static class IsoTime
{
    public static bool TryParse(string text, bool endOfDay, out DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            time = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);
            return true;
        }

        // A full date and time at least ("2026-12-31T18:00"): a bare number or a local-looking "12/31" is not a time here.
        return DateTimeOffset.TryParse(
                text,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out time
            )
            && text.Length >= 16
            && text[4] == '-';
    }
}
