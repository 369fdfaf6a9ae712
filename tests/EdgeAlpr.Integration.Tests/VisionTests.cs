using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Vision.OpenCv;
using OpenCvSharp;

namespace EdgeAlpr.Integration.Tests;

public class VisionTests
{
    // B, G, R as OpenCV stores them.
    private static Mat Uniform(int w, int h, byte b = 10, byte g = 20, byte r = 30) =>
        new(h, w, MatType.CV_8UC3, new Scalar(b, g, r));

    [Fact]
    public void Letterbox_tensor_is_rgb_planar_scaled_with_114_padding()
    {
        using Mat image = Uniform(40, 20);
        var t = LetterboxTransform.Compute(40, 20, 16); // 16x8 content, 4 rows of padding above and below
        var chw = new float[3 * 16 * 16];

        LetterboxTensorWriter.Write(image, t, chw);

        int plane = 16 * 16;
        int inside = (8 * 16) + 5;
        Assert.Equal(30 / 255f, chw[inside], 5); // R plane first
        Assert.Equal(20 / 255f, chw[plane + inside], 5);
        Assert.Equal(10 / 255f, chw[(2 * plane) + inside], 5);
        foreach (int padded in new[] { 0, (3 * 16) + 15, (12 * 16) + 3, (15 * 16) + 15 })
        {
            Assert.Equal(114 / 255f, chw[padded], 5);
            Assert.Equal(114 / 255f, chw[(2 * plane) + padded], 5);
        }
    }

    [Fact]
    public void Letterbox_tensor_refuses_a_picture_of_another_size()
    {
        using Mat image = Uniform(40, 20);
        var t = LetterboxTransform.Compute(41, 20, 16);
        Assert.Throws<ArgumentException>(() => LetterboxTensorWriter.Write(image, t, new float[3 * 16 * 16]));
    }

    [Fact]
    public void Crops_are_stretched_into_rgb_interleaved_bytes()
    {
        using Mat image = Uniform(200, 100);
        image[new Rect(50, 50, 40, 20)].SetTo(new Scalar(200, 100, 50));
        var spec = new OcrModelSpec { MaxPlateSlots = 9, Alphabet = "AB_", PadChar = '_', ImageHeight = 8, ImageWidth = 16 };
        var batch = new byte[2 * 8 * 16 * 3];

        PlateCropWriter.Write(image, [new PixelRect(0, 0, 30, 30), new PixelRect(50, 50, 40, 20)], spec, batch);

        Assert.Equal(new byte[] { 30, 20, 10 }, batch[..3]);
        int second = 8 * 16 * 3;
        Assert.Equal(new byte[] { 50, 100, 200 }, batch[second..(second + 3)]);
        Assert.Equal(new byte[] { 50, 100, 200 }, batch[^3..]);
    }

    [Fact]
    public void Grayscale_models_get_one_channel()
    {
        using Mat image = Uniform(20, 20, 0, 255, 0);
        var spec = new OcrModelSpec
        {
            MaxPlateSlots = 9, Alphabet = "AB_", PadChar = '_', ImageHeight = 4, ImageWidth = 4, ColorMode = OcrColorMode.Grayscale,
        };
        var batch = new byte[16];
        PlateCropWriter.Write(image, [new PixelRect(0, 0, 20, 20)], spec, batch);
        Assert.All(batch, v => Assert.InRange(v, 148, 152)); // 0.587 × 255
    }

    [Fact]
    public void A_crop_outside_the_picture_is_refused()
    {
        using Mat image = Uniform(20, 20);
        var spec = new OcrModelSpec { MaxPlateSlots = 9, Alphabet = "AB_", PadChar = '_', ImageHeight = 4, ImageWidth = 4 };
        Assert.Throws<ArgumentException>(() => PlateCropWriter.Write(image, [new PixelRect(10, 10, 20, 20)], spec, new byte[48]));
    }

    [Fact]
    public void Decodes_jpeg_and_png_and_refuses_broken_ones()
    {
        using Mat image = Uniform(64, 48);
        byte[] jpeg = image.ImEncode(".jpg");
        byte[] png = image.ImEncode(".png");

        using (Mat decoded = ImageDecoder.Decode(jpeg))
        {
            Assert.Equal((64, 48), (decoded.Width, decoded.Height));
        }

        using (Mat decoded = ImageDecoder.Decode(png))
        {
            Assert.Equal((64, 48), (decoded.Width, decoded.Height));
        }

        Assert.Contains("truncated JPEG", Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(jpeg[..(jpeg.Length / 2)])).Message, StringComparison.Ordinal);
        Assert.Contains("truncated PNG", Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(png[..(png.Length - 5)])).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode([])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_with_intact_markers_but_corrupt_headers_is_refused()
    {
        // SOI, a bogus frame header, SOS, EOI: passes the marker check, cannot be decoded.
        byte[] bogus = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x03, 0x00, 0xFF, 0xDA, 0x00, 0x02, 0x00, 0xFF, 0xD9];
        var ex = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bogus));
        Assert.Contains("could not be decoded", ex.Message, StringComparison.Ordinal);
    }
}
