namespace EdgeAlpr.Core.Imaging;

/// <summary>
/// Tells a picture carried as text (a <c>data:image/…</c> URI, or base64 or hex of image bytes)
/// from ordinary text, so that such a value in a hot list is never stored. Only the start of the
/// value is decoded; a cut-off picture is still a picture.
/// </summary>
public static class EmbeddedImage
{
    /// <summary>Shorter base64 or hex than this is taken for text: the smallest GIF is 35 bytes, 48 base64 characters.</summary>
    public const int MinEncodedLength = 32;

    // Enough encoded characters for the longest signature ImageSignature.Sniff looks at (18 bytes).
    private const int Base64Prefix = 24;
    private const int HexPrefix = 36;

    public static bool IsImage(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            int comma = text.IndexOf(',');
            ReadOnlySpan<char> type = comma < 0 ? text[5..] : text[5..comma];
            return type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                || (comma >= 0 && type.EndsWith(";base64", StringComparison.OrdinalIgnoreCase) && IsBase64Image(text[(comma + 1)..]));
        }

        return text.Length >= MinEncodedLength && (IsBase64Image(text) || IsHexImage(text));
    }

    private static bool IsBase64Image(ReadOnlySpan<char> text)
    {
        Span<char> prefix = stackalloc char[Base64Prefix];
        int n = 0;
        foreach (char c in text)
        {
            if (n == Base64Prefix)
            {
                break;
            }

            if (char.IsWhiteSpace(c))
            {
                continue; // MIME base64 is wrapped at 76 characters
            }

            // The URL-safe alphabet too, mapped to the standard one.
            char standard = c switch
            {
                '-' => '+',
                '_' => '/',
                _ => c,
            };
            if (!(char.IsAsciiLetterOrDigit(standard) || standard is '+' or '/'))
            {
                return false;
            }

            prefix[n++] = standard;
        }

        Span<byte> head = stackalloc byte[Base64Prefix / 4 * 3];
        return n == Base64Prefix && Convert.TryFromBase64Chars(prefix, head, out int written) && ImageSignature.Sniff(head[..written]) is not null;
    }

    private static bool IsHexImage(ReadOnlySpan<char> text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        if (text.Length < HexPrefix)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[HexPrefix / 2];
        return Convert.FromHexString(text[..HexPrefix], head, out _, out int written) == System.Buffers.OperationStatus.Done
            && ImageSignature.Sniff(head[..written]) is not null;
    }
}
