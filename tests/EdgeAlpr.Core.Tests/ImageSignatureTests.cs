using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Core.Tests;

public class ImageSignatureTests
{
    // A minimal JPEG marker skeleton: SOI, SOS with a little scan data, EOI.
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9];

    [Fact]
    public void Accepts_a_complete_jpeg() => Assert.Equal(ImageFormat.Jpeg, ImageSignature.Check(Jpeg));

    [Fact]
    public void Refuses_an_empty_file()
    {
        var ex = Assert.Throws<InvalidImageException>(() => ImageSignature.Check([]));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(12)]
    [InlineData(9)]
    public void Refuses_a_jpeg_cut_short(int length)
    {
        var ex = Assert.Throws<InvalidImageException>(() => ImageSignature.Check(Jpeg.AsSpan(0, length)));
        Assert.Contains("truncated JPEG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_jpeg_without_image_data()
    {
        var ex = Assert.Throws<InvalidImageException>(() => ImageSignature.Check(Jpeg.AsSpan(0, 6)));
        Assert.Contains("start-of-scan", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_complete_png_and_refuses_a_cut_one()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        Assert.Equal(ImageFormat.Png, ImageSignature.Check(png));
        var ex = Assert.Throws<InvalidImageException>(() => ImageSignature.Check(png.AsSpan(0, png.Length - 3)));
        Assert.Contains("truncated PNG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_bmp_shorter_than_its_header_says()
    {
        byte[] bmp = new byte[40];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        bmp[2] = 100; // declares 100 bytes
        var ex = Assert.Throws<InvalidImageException>(() => ImageSignature.Check(bmp));
        Assert.Contains("truncated BMP", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_unknown_bytes_and_shows_them()
    {
        var ex = Assert.Throws<InvalidImageException>(() => ImageSignature.Check("hello world"u8));
        Assert.Contains("not a supported image", ex.Message, StringComparison.Ordinal);
        Assert.Contains("68656C6C", ex.Message, StringComparison.Ordinal);
    }
}
