using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EdgeAlpr.Application.Evidence;

/// <summary>A checkpoint of the audit chain held elsewhere, written <c>SEQ:SHA256</c> (the CLI's and the API's form).</summary>
public static class AuditCheckpoints
{
    public static bool TryParse(string? text, out long seq, [NotNullWhen(true)] out string? hash)
    {
        seq = 0;
        hash = null;
        int colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (
            colon <= 0
            || !long.TryParse(text![..colon], NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            || seq < 1
            || text[(colon + 1)..] is not { Length: 64 } given
            || !given.All(char.IsAsciiHexDigit)
        )
        {
            return false;
        }

        hash = given.ToLowerInvariant();
        return true;
    }
}
