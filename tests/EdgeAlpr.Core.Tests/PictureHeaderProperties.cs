using System.Buffers.Binary;
using System.Diagnostics;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.TestKit.Fuzzing;
using EdgeAlpr.TestKit.Pictures;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests;

/// <summary>
/// The picture header reader sees files before any decoder does: for any bytes it returns a size or
/// throws <see cref="InvalidImageException"/> only, quickly and without allocating for what a header
/// claims; it needs exactly the header (the bytes after it change nothing, fewer bytes are refused);
/// and a decompression bomb is refused before it is decoded.
/// </summary>
public class PictureHeaderProperties
{
    private const int Width = 37;
    private const int Height = 21;

    /// <summary>A picture of <see cref="Width"/>×<see cref="Height"/> in each format, and how many of its bytes are header.</summary>
    private static readonly string[] FormatNames = ["png", "jpeg", "bmp", "bmp-core", "webp-vp8", "webp-vp8l", "webp-vp8x", "tiff-le", "tiff-be"];

    public static TheoryData<string> Formats => new(FormatNames);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Each_format_gives_the_size_its_header_declares(string format)
    {
        (byte[] picture, _) = Sample(format);
        PictureSize size = PictureHeader.Read(picture);
        Assert.Equal((Width, Height), (size.Width, size.Height));
        Assert.Equal(Width * Height, size.Pixels);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_header_alone_is_enough_and_anything_after_it_changes_nothing(string format)
    {
        (byte[] picture, int header) = Sample(format);
        PictureSize expected = PictureHeader.Read(picture);
        Assert.Equal(expected, PictureHeader.Read(picture.AsSpan(0, header)));
        Assert.Equal(expected, PictureHeader.Read([.. picture.AsSpan(0, header), .. Random.Shared.GetItems<byte>([0x00, 0xFF, 0xD8, 0x2A], 4000)]));
        for (int cut = 0; cut < header; cut++)
        {
            Assert.Throws<InvalidImageException>(() => PictureHeader.Read(picture.AsSpan(0, cut)));
        }
    }

    [Property(MaxTest = 600)]
    public Property Any_damage_gives_a_size_or_a_picture_error_only() =>
        Prop.ForAll(
            Gen.Frequency([(2, Mutations.RandomBytes()), .. FormatNames.Select(f => (1, Mutations.Of(Sample(f).Picture)))]).ToArbitrary(),
            input =>
                CleanParse.Check(
                    input,
                    () =>
                    {
                        PictureSize size = PictureHeader.Check(input.Bytes, PictureHeader.DefaultMaxPixels);
                        Assert.True(size.Width > 0 && size.Height > 0 && size.Pixels <= PictureHeader.DefaultMaxPixels);
                    },
                    typeof(InvalidImageException)
                )
        );

    [Property(MaxTest = 300)]
    public bool Any_declared_size_is_read_back_and_judged_by_its_pixel_count(ushort width, ushort height, bool little)
    {
        // A TIFF can declare anything up to 2^32 on a side; the count is computed without overflow.
        long w = width + 1L;
        long h = (height + 1L) * 60_000;
        byte[] tiff = Tiff(little, (uint)w, (uint)h);
        bool allowed = w * h <= PictureHeader.DefaultMaxPixels;
        try
        {
            PictureSize size = PictureHeader.Check(tiff, PictureHeader.DefaultMaxPixels);
            return allowed && size.Width == w && size.Height == h;
        }
        catch (InvalidImageException ex)
        {
            return !allowed && ex.Message.Contains($"{w}×{h}", StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_issue_s_bomb_png_is_refused_from_its_header_in_microseconds_without_allocating_for_it()
    {
        byte[] bomb = BombPng.Zeros(20_000, 20_000);
        Assert.InRange(bomb.Length, 1_000, 100_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var time = Stopwatch.StartNew();
        InvalidImageException ex = Assert.Throws<InvalidImageException>(() => PictureHeader.Check(bomb, PictureHeader.DefaultMaxPixels));
        time.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(
            "the Png picture is 20000×20000 (400 megapixels), more than the 50000000 pixels allowed (Recognition:MaxPicturePixels); it was not decoded",
            ex.Message
        );
        Assert.True(allocated < 64 << 10, $"allocated {allocated} bytes");
        Assert.True(time.Elapsed < TimeSpan.FromMilliseconds(100), $"took {time.Elapsed}");
        Assert.Equal(20_000L * 20_000, PictureHeader.Check(bomb, 400_000_000).Pixels);
    }

    [Theory]
    [InlineData("GIF89a", "Gif pictures are not read")]
    [InlineData("P6\n20000 20000\n255\n", "not a supported picture")]
    public void Formats_the_decoders_are_not_given_are_refused(string head, string message)
    {
        byte[] bytes = [.. System.Text.Encoding.ASCII.GetBytes(head), .. new byte[64]];
        Assert.Contains(message, Assert.Throws<InvalidImageException>(() => PictureHeader.Read(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_whose_height_waits_for_a_dnl_marker_is_refused_rather_than_guessed()
    {
        byte[] jpeg = Jpeg(Width, 0);
        Assert.Contains("DNL", Assert.Throws<InvalidImageException>(() => PictureHeader.Read(jpeg)).Message, StringComparison.Ordinal);
    }

    private static (byte[] Picture, int Header) Sample(string format) =>
        format switch
        {
            "png" => (BombPng.Zeros(Width, Height), 24),
            "jpeg" => (Jpeg(Width, Height), 2 + 18 + 19),
            "bmp" => (Bmp(40), 26),
            "bmp-core" => (Bmp(12), 26),
            "webp-vp8" => (WebP("VP8 "u8, [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A, Width, 0, Height, 0]), 30),
            "webp-vp8l" => (WebP("VP8L"u8, [0x2F, .. Le32((Width - 1) | ((Height - 1) << 14)), 0, 0, 0, 0, 0]), 30),
            "webp-vp8x" => (WebP("VP8X"u8, [0, 0, 0, 0, Width - 1, 0, 0, Height - 1, 0, 0]), 30),
            "tiff-le" => (Tiff(little: true, Width, Height), 8 + 2 + 24),
            "tiff-be" => (Tiff(little: false, Width, Height), 8 + 2 + 24),
            _ => throw new ArgumentException(format),
        };

    private static byte[] Jpeg(int width, int height) =>
        [
            0xFF,
            0xD8,
            .. (byte[])[0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0],
            .. (byte[])
                [
                    0xFF,
                    0xC0,
                    0x00,
                    0x11,
                    8,
                    (byte)(height >> 8),
                    (byte)height,
                    (byte)(width >> 8),
                    (byte)width,
                    3,
                    1,
                    0x22,
                    0,
                    2,
                    0x11,
                    1,
                    3,
                    0x11,
                    1,
                ],
            .. (byte[])[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9],
        ];

    private static byte[] Bmp(int dib)
    {
        byte[] bmp = new byte[14 + dib + (Height * 112)];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 14 + dib);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), dib);
        if (dib == 12)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(18), Width);
            BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(20), Height);
            BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(22), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(24), 24);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), Width);
            BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), -Height); // top-down
            BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(26), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(28), 24);
        }

        return bmp;
    }

    private static byte[] WebP(ReadOnlySpan<byte> chunk, byte[] body)
    {
        byte[] payload = [.. body, .. new byte[64]];
        return [.. "RIFF"u8, .. Le32(4 + 8 + payload.Length), .. "WEBP"u8, .. chunk, .. Le32(payload.Length), .. payload];
    }

    private static byte[] Tiff(bool little, uint width, uint height)
    {
        byte[] tiff = new byte[8 + 2 + 24 + 4 + 64];
        Span<byte> t = tiff;
        void U16(int at, int v)
        {
            if (little)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), (ushort)v);
            }
        }

        void U32(int at, uint v)
        {
            if (little)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), v);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), v);
            }
        }

        (little ? "II*\0"u8 : "MM\0*"u8).CopyTo(t);
        U32(4, 8);
        U16(8, 2);
        U16(10, 256); // ImageWidth, LONG
        U16(12, 4);
        U32(14, 1);
        U32(18, width);
        U16(22, 257); // ImageLength, LONG
        U16(24, 4);
        U32(26, 1);
        U32(30, height);
        return tiff;
    }

    private static byte[] Le32(int value)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        return b;
    }
}
