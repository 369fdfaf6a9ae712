using EdgeAlpr.Core.Text;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// Times given on the command line: ISO 8601 dates (a date as --to means through that day) or times, UTC unless
/// they say otherwise.
/// </summary>
internal static class CliTime
{
    public static DateTimeOffset? Parse(string? text, string option, bool endOfDay)
    {
        if (text is null)
        {
            return null;
        }

        return IsoTime.TryParse(text, endOfDay, out DateTimeOffset time)
            ? time
            : throw new FormatException($"{option} '{text}' is not an ISO 8601 date or time (e.g. 2026-11-30 or 2026-11-30T18:00:00Z)");
    }
}
