using System.Buffers.Binary;

namespace EdgeAlpr.Core.Imaging;

/// <summary>
/// Checks an encoded image's bytes before they are decoded. Decoders happily return a
/// half-grey picture from a truncated JPEG; evidence must not be read from one, so a file
/// that was cut short is refused here with a reason a person can act on.
/// </summary>
public static class ImageSignature
{
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> PngEnd => "IEND"u8;

    /// <summary>Returns the format, or throws <see cref="InvalidImageException"/> saying what is wrong.</summary>
    public static ImageFormat Check(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new InvalidImageException("the file is empty (0 bytes)");
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            CheckJpegComplete(data);
            return ImageFormat.Jpeg;
        }

        if (data.StartsWith(PngMagic))
        {
            // IEND is the last chunk: 4-byte length, "IEND", 4-byte CRC.
            if (data.Length < PngMagic.Length + 12 || data[^12..].IndexOf(PngEnd) != 4)
            {
                throw new InvalidImageException("truncated PNG: the IEND chunk is missing");
            }

            return ImageFormat.Png;
        }

        if (data.Length >= 14 && data[0] == (byte)'B' && data[1] == (byte)'M')
        {
            uint declared = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(2, 4));
            if (declared > data.Length)
            {
                throw new InvalidImageException($"truncated BMP: header says {declared} bytes, the file has {data.Length}");
            }

            return ImageFormat.Bmp;
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            // In 64 bits: a declared size near 4 GiB plus the 8-byte RIFF header would wrap to a small number.
            ulong declared = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4, 4)) + 8UL;
            if (declared > (ulong)data.Length)
            {
                throw new InvalidImageException($"truncated WebP: header says {declared} bytes, the file has {data.Length}");
            }

            return ImageFormat.WebP;
        }

        if (data.Length >= 4 && (data[..4].SequenceEqual("II*\0"u8) || data[..4].SequenceEqual("MM\0*"u8)))
        {
            return ImageFormat.Tiff;
        }

        throw new InvalidImageException(
            $"not a supported image (JPEG, PNG, BMP, WebP or TIFF expected); first bytes: {Convert.ToHexString(data[..Math.Min(8, data.Length)])}"
        );
    }

    /// <summary>
    /// The format whose signature <paramref name="head"/> starts with, complete or not, or null.
    /// For telling that a blob is a picture at all (a photo embedded in a hot list); it never
    /// throws and reads at most the first 32 bytes.
    /// </summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (head.StartsWith(PngMagic))
        {
            return ImageFormat.Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return ImageFormat.Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        // "BM" alone is two letters any text may start with: the reserved words must be zero and
        // the second header must have one of the sizes the format defines.
        if (
            head.Length >= 18
            && head[0] == (byte)'B'
            && head[1] == (byte)'M'
            && BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(6, 4)) == 0
            && BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(14, 4)) is 12 or 40 or 52 or 56 or 64 or 108 or 124
        )
        {
            return ImageFormat.Bmp;
        }

        if (head.Length >= 4 && (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)))
        {
            return ImageFormat.Tiff;
        }

        return null;
    }

    /// <summary>
    /// A complete JPEG has an end-of-image marker after its last start-of-scan marker. Inside
    /// entropy-coded data every 0xFF byte is stuffed, so neither marker can appear by chance.
    /// </summary>
    private static void CheckJpegComplete(ReadOnlySpan<byte> data)
    {
        int lastScan = LastMarker(data, 0xDA);
        if (lastScan < 0)
        {
            throw new InvalidImageException("truncated JPEG: no image data (start-of-scan marker missing)");
        }

        if (LastMarker(data[lastScan..], 0xD9) < 0)
        {
            throw new InvalidImageException("truncated JPEG: the end-of-image marker is missing");
        }
    }

    private static int LastMarker(ReadOnlySpan<byte> data, byte marker)
    {
        ReadOnlySpan<byte> pair = [0xFF, marker];
        return data.LastIndexOf(pair);
    }
}
