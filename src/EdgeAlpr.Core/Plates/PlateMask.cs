namespace EdgeAlpr.Core.Plates;

/// <summary>
/// Plates as logs show them below debug level: the first and last character only
/// (<c>7ABC123</c> → <c>7*****3</c>). Logs travel to journald and support bundles, where plate
/// numbers are personal data; the length and the ends are still enough to tell reads apart.
/// </summary>
public static class PlateMask
{
    public static string Mask(string? plate)
    {
        if (string.IsNullOrEmpty(plate))
        {
            return string.Empty;
        }

        if (plate.Length <= 2)
        {
            return new string('*', plate.Length);
        }

        return string.Create(plate.Length, plate, static (span, text) =>
        {
            span.Fill('*');
            span[0] = text[0];
            span[^1] = text[^1];
        });
    }

    /// <summary>The plate itself when <paramref name="reveal"/> (debug logging is on), else masked.</summary>
    public static string ForLog(string? plate, bool reveal) => reveal ? plate ?? string.Empty : Mask(plate);
}
