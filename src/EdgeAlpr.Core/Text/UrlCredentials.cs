namespace EdgeAlpr.Core.Text;

/// <summary>
/// Hides the user name and password a URL may carry (<c>rtsp://admin:secret@camera/live</c> →
/// <c>rtsp://***@camera/live</c>) before it goes into a message, a log or a status. Works on text
/// that does not parse as a URL too: that is exactly what an error message echoes.
/// </summary>
public static class UrlCredentials
{
    public static string Hide(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return text;
        }

        // The credentials are whatever precedes the last '@' of the authority (RFC 3986), which ends at the path, query or fragment.
        int start = scheme + 3;
        int end = text.IndexOfAny(['/', '?', '#'], start);
        string authority = end < 0 ? text[start..] : text[start..end];
        int at = authority.LastIndexOf('@');
        return at < 0 ? text : string.Concat(text.AsSpan(0, start), "***", text.AsSpan(start + at));
    }
}
