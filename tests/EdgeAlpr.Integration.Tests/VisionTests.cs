using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Vision.OpenCv;
using OpenCvSharp;

namespace EdgeAlpr.Integration.Tests;

public class VisionTests
{
    // B, G, R as OpenCV stores them.
    private static Mat Uniform(int w, int h, byte b = 10, byte g = 20, byte r = 30) => new(h, w, MatType.CV_8UC3, new Scalar(b, g, r));

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
        var spec = new OcrModelSpec
        {
            MaxPlateSlots = 9,
            Alphabet = "AB_",
            PadChar = '_',
            ImageHeight = 8,
            ImageWidth = 16,
        };
        var batch = new byte[2 * 8 * 16 * 3];

        PlateCropWriter.Write(image, [Crop(0, 0, 30, 30), Crop(50, 50, 40, 20)], spec, batch);

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
            MaxPlateSlots = 9,
            Alphabet = "AB_",
            PadChar = '_',
            ImageHeight = 4,
            ImageWidth = 4,
            ColorMode = OcrColorMode.Grayscale,
        };
        var batch = new byte[16];
        PlateCropWriter.Write(image, [Crop(0, 0, 20, 20)], spec, batch);
        Assert.All(batch, v => Assert.InRange(v, 148, 152)); // 0.587 × 255
    }

    [Fact]
    public void A_crop_outside_the_picture_is_refused()
    {
        using Mat image = Uniform(20, 20);
        var spec = new OcrModelSpec
        {
            MaxPlateSlots = 9,
            Alphabet = "AB_",
            PadChar = '_',
            ImageHeight = 4,
            ImageWidth = 4,
        };
        Assert.Throws<ArgumentException>(() => PlateCropWriter.Write(image, [Crop(30, 30, 20, 20)], spec, new byte[48]));
    }

    private static PlateCrop Crop(float x, float y, float w, float h, CropVariant? variant = null) =>
        new(BoundingBox.FromXywh(x, y, w, h), variant ?? CropVariant.Plain);

    private static readonly OcrModelSpec Ocr = new()
    {
        MaxPlateSlots = 9,
        Alphabet = "AB_",
        PadChar = '_',
        ImageHeight = 32,
        ImageWidth = 64,
    };

    /// <summary>A picture with a bright bar on the left half of a dark plate-sized area, and noise-free edges.</summary>
    private static Mat Pattern()
    {
        var image = new Mat(200, 300, MatType.CV_8UC3, Scalar.All(40));
        image[new Rect(100, 80, 50, 40)].SetTo(Scalar.All(220));
        return image;
    }

    [Fact]
    public void A_margin_widens_the_view_around_the_box()
    {
        using Mat image = Pattern();
        var plain = new byte[32 * 64 * 3];
        var wide = new byte[32 * 64 * 3];
        PlateCropWriter.Write(image, [Crop(100, 80, 100, 40)], Ocr, plain);
        PlateCropWriter.Write(image, [Crop(100, 80, 100, 40, new CropVariant(0.2f))], Ocr, wide);

        // Without margin the bright bar fills the left half; with 20% margin it starts further in.
        Assert.Equal(220, plain[(16 * 64 * 3) + 3]);
        Assert.Equal(40, wide[(16 * 64 * 3) + 3]);
    }

    [Fact]
    public void A_rotated_crop_by_a_hair_matches_the_plain_crop()
    {
        // The warp path (used for rotations) must agree with the resize path on geometry.
        using Mat image = Pattern();
        var plain = new byte[32 * 64 * 3];
        var warped = new byte[32 * 64 * 3];
        PlateCropWriter.Write(image, [Crop(100, 80, 100, 40)], Ocr, plain);
        PlateCropWriter.Write(image, [Crop(100, 80, 100, 40, new CropVariant(0f, 0.001f))], Ocr, warped);

        double meanDifference = plain.Zip(warped, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanDifference < 3, $"mean difference {meanDifference:F2}");
    }

    [Fact]
    public void A_rotation_turns_the_content_about_the_box_centre()
    {
        using Mat image = Pattern();
        var turned = new byte[32 * 64 * 3];
        PlateCropWriter.Write(image, [Crop(100, 80, 100, 40, new CropVariant(0f, 15f))], Ocr, turned);

        // The bar's right edge runs through the box centre; turned by 15° it leans, so on an
        // upper row it ends further left than on a lower one (by about 3 output columns).
        int RightEdge(int row)
        {
            int x = 63;
            while (x > 0 && turned[(row * 64 * 3) + (x * 3)] < 130)
            {
                x--;
            }

            return x;
        }

        Assert.InRange(RightEdge(23) - RightEdge(8), 2, 5);
    }

    [Fact]
    public void Clahe_lifts_a_low_contrast_crop()
    {
        // A faded, textured plate: grey levels between 100 and 130 only.
        var random = new Random(7);
        byte[] pixels = new byte[100 * 200];
        random.NextBytes(pixels);
        using var grey = Mat.FromPixelData(100, 200, MatType.CV_8UC1, pixels.Select(p => (byte)(100 + (p % 31))).ToArray());
        using var image = new Mat();
        Cv2.CvtColor(grey, image, ColorConversionCodes.GRAY2BGR);
        var plain = new byte[32 * 64 * 3];
        var lifted = new byte[32 * 64 * 3];
        PlateCropWriter.Write(image, [Crop(20, 10, 160, 80)], Ocr, plain);
        PlateCropWriter.Write(image, [Crop(20, 10, 160, 80, new CropVariant(0f, 0f, CropContrast.Clahe))], Ocr, lifted);

        static int Range(byte[] b) => b.Max() - b.Min();
        Assert.True(Range(lifted) > 2 * Range(plain), $"range {Range(plain)} → {Range(lifted)}");
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

        Assert.Contains(
            "truncated JPEG",
            Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(jpeg[..(jpeg.Length / 2)])).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "truncated PNG",
            Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(png[..(png.Length - 5)])).Message,
            StringComparison.Ordinal
        );
        Assert.Contains("empty", Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode([])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_with_intact_markers_but_corrupt_headers_is_refused()
    {
        // SOI, a bogus frame header, SOS, EOI: passes the marker check; the header reader refuses it before the decoder sees it.
        byte[] bogus = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x03, 0x00, 0xFF, 0xDA, 0x00, 0x02, 0x00, 0xFF, 0xD9];
        var ex = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(bogus));
        Assert.Equal("the JPEG start-of-frame segment is too short (3)", ex.Message);
    }
}
