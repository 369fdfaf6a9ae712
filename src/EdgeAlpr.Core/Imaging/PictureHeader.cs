using System.Buffers.Binary;

namespace EdgeAlpr.Core.Imaging;

/// <summary>
/// A picture's format and size, read from its header alone, so a decompression bomb (a small file
/// declaring a huge picture) is refused before a decoder allocates for it. It knows exactly the
/// formats <see cref="ImageSignature.Check"/> lets through to the decoder: JPEG (the first SOFn
/// marker, reached by segment lengths), PNG (IHDR, which must come first), BMP (the DIB header),
/// WebP (VP8, VP8L or VP8X) and TIFF (the first IFD's width and length tags, which the decoder reads
/// as its page). A header it cannot read is refused rather than decoded blindly: a size that cannot be
/// told could be any size. It reads only header bytes, never pixel data, and throws nothing but
/// <see cref="InvalidImageException"/>.
/// </summary>
public static class PictureHeader
{
    /// <summary>50 megapixels: well above any camera the unit reads (a 4K frame is 8.3), far below what exhausts a board.</summary>
    public const long DefaultMaxPixels = 50_000_000;

    private const int MaxTiffTags = 4096;

    /// <summary>The picture's format and size as its header declares them.</summary>
    /// <exception cref="InvalidImageException">Not a supported format, or a header that is cut short, inconsistent or declares no size.</exception>
    public static PictureSize Read(ReadOnlySpan<byte> data)
    {
        ImageFormat format = ImageSignature.Sniff(data[..Math.Min(32, data.Length)]) ?? Unsupported(data);
        (long width, long height) = format switch
        {
            ImageFormat.Png => Png(data),
            ImageFormat.Jpeg => Jpeg(data),
            ImageFormat.Bmp => Bmp(data),
            ImageFormat.WebP => WebP(data),
            ImageFormat.Tiff => Tiff(data),
            _ => throw new InvalidImageException($"{format} pictures are not read (JPEG, PNG, BMP, WebP or TIFF expected)"),
        };
        if (width <= 0 || height <= 0)
        {
            throw new InvalidImageException($"the {format} header declares a {width}×{height} picture");
        }

        return new PictureSize(format, width, height);
    }

    /// <summary>The header's size, refused when it declares more than <paramref name="maxPixels"/> pixels.</summary>
    /// <exception cref="InvalidImageException">The header cannot be read, or the picture is larger than allowed.</exception>
    public static PictureSize Check(ReadOnlySpan<byte> data, long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
        PictureSize size = Read(data);
        return size.Pixels <= maxPixels
            ? size
            : throw new InvalidImageException(
                $"the {size.Format} picture is {size.Width}×{size.Height} ({size.Pixels / 1e6:0.#} megapixels), more than the {maxPixels} pixels allowed (Recognition:MaxPicturePixels); it was not decoded"
            );
    }

    private static ImageFormat Unsupported(ReadOnlySpan<byte> data) =>
        throw new InvalidImageException(
            $"not a supported picture (JPEG, PNG, BMP, WebP or TIFF expected); first bytes: {Convert.ToHexString(data[..Math.Min(8, data.Length)])}"
        );

    private static (long, long) Png(ReadOnlySpan<byte> data)
    {
        // Signature (8), then the IHDR chunk: length 13, "IHDR", width and height (big-endian, at most 2^31 - 1).
        if (data.Length < 24 || BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != 13 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidImageException("the PNG header has no IHDR chunk first");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        return width > int.MaxValue || height > int.MaxValue
            ? throw new InvalidImageException($"the PNG header declares {width}×{height}, beyond what the format allows")
            : (width, height);
    }

    private static (long, long) Jpeg(ReadOnlySpan<byte> data)
    {
        // Markers from SOI on, each segment skipped by its length, until a start-of-frame gives the size.
        int at = 2;
        while (true)
        {
            while (at < data.Length && data[at] == 0xFF && at + 1 < data.Length && data[at + 1] == 0xFF)
            {
                at++; // fill bytes
            }

            if (at + 4 > data.Length)
            {
                throw new InvalidImageException("the JPEG header ends before a start-of-frame marker");
            }

            if (data[at] != 0xFF)
            {
                throw new InvalidImageException($"the JPEG header has no marker at byte {at}");
            }

            byte marker = data[at + 1];
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2; // stand-alone markers carry no length
                continue;
            }

            if (marker is 0xD8 or 0xD9 or 0xDA or 0x00)
            {
                throw new InvalidImageException($"the JPEG header reaches marker FF{marker:X2} before a start-of-frame marker");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
            if (length < 2 || at + 2 + length > data.Length)
            {
                throw new InvalidImageException($"the JPEG header's FF{marker:X2} segment at byte {at} has a bad length ({length})");
            }

            // SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 8)
                {
                    throw new InvalidImageException($"the JPEG start-of-frame segment is too short ({length})");
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 5)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 7)..]);
                return height == 0
                    ? throw new InvalidImageException("the JPEG header leaves its height to a later DNL marker, which is not read")
                    : (width, height);
            }

            at += 2 + length;
        }
    }

    private static (long, long) Bmp(ReadOnlySpan<byte> data)
    {
        if (data.Length < 26)
        {
            throw new InvalidImageException("the BMP header is cut short");
        }

        uint dib = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (dib == 12)
        {
            // BITMAPCOREHEADER: 16-bit width and height.
            return (BinaryPrimitives.ReadUInt16LittleEndian(data[18..]), BinaryPrimitives.ReadUInt16LittleEndian(data[20..]));
        }

        // BITMAPINFOHEADER and later: signed 32-bit; a negative height is a top-down picture of that many rows.
        long width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
        long height = BinaryPrimitives.ReadInt32LittleEndian(data[22..]);
        return (width, Math.Abs(height));
    }

    private static (long, long) WebP(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30)
        {
            throw new InvalidImageException("the WebP header is cut short");
        }

        ReadOnlySpan<byte> chunk = data.Slice(12, 4);
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // A key frame: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height.
            if (!data.Slice(23, 3).SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A]))
            {
                throw new InvalidImageException("the WebP (VP8) header has no key-frame start code");
            }

            return (BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Signature 0x2F, then 14 bits of width - 1 and 14 bits of height - 1.
            if (data[20] != 0x2F)
            {
                throw new InvalidImageException("the WebP (VP8L) header has no lossless signature");
            }

            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags (4 bytes), then 24-bit canvas width - 1 and height - 1.
            return (UInt24(data[24..]) + 1L, UInt24(data[27..]) + 1L);
        }

        throw new InvalidImageException($"the WebP header starts with an unknown chunk '{Printable(chunk)}'");
    }

    private static (long, long) Tiff(ReadOnlySpan<byte> data)
    {
        bool little = data[0] == (byte)'I';
        if (data.Length < 8)
        {
            throw new InvalidImageException("the TIFF header is cut short");
        }

        uint ifd = U32(data[4..], little);
        if (ifd < 8 || ifd > data.Length - 2L)
        {
            throw new InvalidImageException($"the TIFF header's first directory offset ({ifd}) is outside the file");
        }

        int count = U16(data[(int)ifd..], little);
        if (count == 0 || count > MaxTiffTags || ifd + 2L + (count * 12L) > data.Length)
        {
            throw new InvalidImageException($"the TIFF header's first directory ({count} entries) is empty or runs past the file");
        }

        long width = 0;
        long height = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> entry = data.Slice((int)ifd + 2 + (i * 12), 12);
            int tag = U16(entry, little);
            if (tag is not (256 or 257))
            {
                continue;
            }

            // SHORT (3) or LONG (4), one value, held in the entry itself.
            int type = U16(entry[2..], little);
            long value = type switch
            {
                3 => U16(entry[8..], little),
                4 => U32(entry[8..], little),
                _ => throw new InvalidImageException($"the TIFF header's tag {tag} has type {type}, not SHORT or LONG"),
            };
            if (tag == 256)
            {
                width = value;
            }
            else
            {
                height = value;
            }
        }

        return width == 0 || height == 0
            ? throw new InvalidImageException("the TIFF header's first directory has no image width or length")
            : (width, height);
    }

    private static int UInt24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);

    private static int U16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

    private static string Printable(ReadOnlySpan<byte> b)
    {
        Span<char> text = stackalloc char[b.Length];
        for (int i = 0; i < b.Length; i++)
        {
            text[i] = b[i] is >= 0x20 and < 0x7F ? (char)b[i] : '?';
        }

        return new string(text);
    }
}
