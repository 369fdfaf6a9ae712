using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using OpenCvSharp;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The picture operations, each test held to both implementations (portable and OpenCV).</summary>
public class VisionTests
{
    // B, G, R as the agent stores them.
    private static BgrPicture Uniform(int w, int h, byte b = 10, byte g = 20, byte r = 30) => BgrPicture.Filled(w, h, b, g, r);

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void Letterbox_tensor_is_rgb_planar_scaled_with_114_padding(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = Uniform(40, 20);
        var t = LetterboxTransform.Compute(40, 20, 16); // 16x8 content, 4 rows of padding above and below
        var chw = new float[3 * 16 * 16];

        pictures.WriteLetterbox(image, image.Bounds, t, chw);

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

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void Letterbox_tensor_refuses_a_picture_of_another_size(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = Uniform(40, 20);
        var t = LetterboxTransform.Compute(41, 20, 16);
        Assert.Throws<ArgumentException>(() => pictures.WriteLetterbox(image, image.Bounds, t, new float[3 * 16 * 16]));
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void Crops_are_stretched_into_rgb_interleaved_bytes(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = Uniform(200, 100);
        TestPictures.Fill(image, new PixelRect(50, 50, 40, 20), 200, 100, 50);
        var spec = new OcrModelSpec
        {
            MaxPlateSlots = 9,
            Alphabet = "AB_",
            PadChar = '_',
            ImageHeight = 8,
            ImageWidth = 16,
        };
        var batch = new byte[2 * 8 * 16 * 3];

        pictures.WritePlateCrops(image, [Crop(0, 0, 30, 30), Crop(50, 50, 40, 20)], spec, batch);

        Assert.Equal(new byte[] { 30, 20, 10 }, batch[..3]);
        int second = 8 * 16 * 3;
        Assert.Equal(new byte[] { 50, 100, 200 }, batch[second..(second + 3)]);
        Assert.Equal(new byte[] { 50, 100, 200 }, batch[^3..]);
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void Grayscale_models_get_one_channel(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = Uniform(20, 20, 0, 255, 0);
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
        pictures.WritePlateCrops(image, [Crop(0, 0, 20, 20)], spec, batch);
        Assert.All(batch, v => Assert.InRange(v, 148, 152)); // 0.587 × 255
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void A_crop_outside_the_picture_is_refused(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = Uniform(20, 20);
        var spec = new OcrModelSpec
        {
            MaxPlateSlots = 9,
            Alphabet = "AB_",
            PadChar = '_',
            ImageHeight = 4,
            ImageWidth = 4,
        };
        Assert.Throws<ArgumentException>(() => pictures.WritePlateCrops(image, [Crop(30, 30, 20, 20)], spec, new byte[48]));
    }

    private static BgrPicture Decode(IPictureOperations pictures, byte[] encoded) => pictures.Decode(encoded, PictureHeader.DefaultMaxPixels);

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
    private static BgrPicture Pattern()
    {
        BgrPicture image = BgrPicture.Filled(300, 200, 40, 40, 40);
        TestPictures.Fill(image, new PixelRect(100, 80, 50, 40), 220, 220, 220);
        return image;
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void A_margin_widens_the_view_around_the_box(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = Pattern();
        var plain = new byte[32 * 64 * 3];
        var wide = new byte[32 * 64 * 3];
        pictures.WritePlateCrops(image, [Crop(100, 80, 100, 40)], Ocr, plain);
        pictures.WritePlateCrops(image, [Crop(100, 80, 100, 40, new CropVariant(0.2f))], Ocr, wide);

        // Without margin the bright bar fills the left half; with 20% margin it starts further in.
        Assert.Equal(220, plain[(16 * 64 * 3) + 3]);
        Assert.Equal(40, wide[(16 * 64 * 3) + 3]);
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void A_rotated_crop_by_a_hair_matches_the_plain_crop(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        // The warp path (used for rotations) must agree with the resize path on geometry.
        using BgrPicture image = Pattern();
        var plain = new byte[32 * 64 * 3];
        var warped = new byte[32 * 64 * 3];
        pictures.WritePlateCrops(image, [Crop(100, 80, 100, 40)], Ocr, plain);
        pictures.WritePlateCrops(image, [Crop(100, 80, 100, 40, new CropVariant(0f, 0.001f))], Ocr, warped);

        double meanDifference = plain.Zip(warped, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanDifference < 3, $"mean difference {meanDifference:F2}");
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void A_rotation_turns_the_content_about_the_box_centre(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = Pattern();
        var turned = new byte[32 * 64 * 3];
        pictures.WritePlateCrops(image, [Crop(100, 80, 100, 40, new CropVariant(0f, 15f))], Ocr, turned);

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

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void Clahe_lifts_a_low_contrast_crop(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        // A faded, textured plate: grey levels between 100 and 130 only.
        var random = new Random(7);
        byte[] pixels = new byte[100 * 200];
        random.NextBytes(pixels);
        using BgrPicture image = BgrPicture.Create(200, 100);
        for (int i = 0; i < pixels.Length; i++)
        {
            image.Pixels[3 * i] = image.Pixels[(3 * i) + 1] = image.Pixels[(3 * i) + 2] = (byte)(100 + (pixels[i] % 31));
        }
        var plain = new byte[32 * 64 * 3];
        var lifted = new byte[32 * 64 * 3];
        pictures.WritePlateCrops(image, [Crop(20, 10, 160, 80)], Ocr, plain);
        pictures.WritePlateCrops(image, [Crop(20, 10, 160, 80, new CropVariant(0f, 0f, CropContrast.Clahe))], Ocr, lifted);

        static int Range(byte[] b) => b.Max() - b.Min();
        Assert.True(Range(lifted) > 2 * Range(plain), $"range {Range(plain)} → {Range(lifted)}");
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void Decodes_jpeg_and_png_and_refuses_broken_ones(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = Uniform(64, 48);
        byte[] jpeg = pictures.EncodeJpeg(image, 92);
        // PNG fixtures from OpenCV: the agent itself only ever encodes JPEG.
        using var mat = new Mat(48, 64, MatType.CV_8UC3, new Scalar(10, 20, 30));
        byte[] png = mat.ImEncode(".png");

        using (BgrPicture decoded = Decode(pictures, jpeg))
        {
            Assert.Equal((64, 48), (decoded.Width, decoded.Height));
            Assert.InRange(decoded.Pixels[2], 27, 33); // red survives a JPEG round trip within a few levels
        }

        using (BgrPicture decoded = Decode(pictures, png))
        {
            Assert.Equal((64, 48), (decoded.Width, decoded.Height));
            Assert.Equal(new byte[] { 10, 20, 30 }, decoded.Pixels[..3].ToArray());
        }

        Assert.Contains(
            "truncated JPEG",
            Assert.Throws<InvalidImageException>(() => Decode(pictures, jpeg[..(jpeg.Length / 2)])).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "truncated PNG",
            Assert.Throws<InvalidImageException>(() => Decode(pictures, png[..(png.Length - 5)])).Message,
            StringComparison.Ordinal
        );
        Assert.Contains("empty", Assert.Throws<InvalidImageException>(() => Decode(pictures, [])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void A_jpeg_with_intact_markers_but_corrupt_headers_is_refused(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        // SOI, a bogus frame header, SOS, EOI: passes the marker check; the header reader refuses it before the decoder sees it.
        byte[] bogus = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x03, 0x00, 0xFF, 0xDA, 0x00, 0x02, 0x00, 0xFF, 0xD9];
        var ex = Assert.Throws<InvalidImageException>(() => Decode(pictures, bogus));
        Assert.Equal("the JPEG start-of-frame segment is too short (3)", ex.Message);
    }

    [Fact]
    public void The_portable_letterbox_and_crops_equal_opencvs_byte_for_byte()
    {
        // The models were trained on OpenCV-resized inputs: the portable path reproduces its fixed-point bilinear exactly.
        using BgrPicture photo = TestPictures.Decode(TestPaths.KnownImage);
        var t = LetterboxTransform.Compute(photo.Width, photo.Height, 416);
        var portable = new float[3 * 416 * 416];
        var opencv = new float[3 * 416 * 416];
        TestPictures.Portable.WriteLetterbox(photo, photo.Bounds, t, portable);
        TestPictures.OpenCv.WriteLetterbox(photo, photo.Bounds, t, opencv);
        Assert.Equal(opencv, portable);

        var spec = new OcrModelSpec
        {
            MaxPlateSlots = 10,
            Alphabet = "AB_",
            PadChar = '_',
            ImageHeight = 64,
            ImageWidth = 128,
        };
        PlateCrop[] crops = [Crop(photo.Width * 0.3f, photo.Height * 0.4f, 173.3f, 61.7f, new CropVariant(0.1f))];
        var a = new byte[64 * 128 * 3];
        var b = new byte[64 * 128 * 3];
        TestPictures.Portable.WritePlateCrops(photo, crops, spec, a);
        TestPictures.OpenCv.WritePlateCrops(photo, crops, spec, b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void Rotated_and_equalised_crops_stay_within_a_few_grey_levels_of_opencvs()
    {
        using BgrPicture photo = TestPictures.Decode(TestPaths.KnownImage);
        PlateCrop[] crops =
        [
            Crop(photo.Width * 0.3f, photo.Height * 0.4f, 173.3f, 61.7f, new CropVariant(0.15f, 4f)),
            Crop(photo.Width * 0.3f, photo.Height * 0.4f, 173.3f, 61.7f, new CropVariant(0.1f, 0f, CropContrast.Clahe)),
        ];
        var a = new byte[2 * 32 * 64 * 3];
        var b = new byte[2 * 32 * 64 * 3];
        TestPictures.Portable.WritePlateCrops(photo, crops, Ocr, a);
        TestPictures.OpenCv.WritePlateCrops(photo, crops, Ocr, b);
        int stride = 32 * 64 * 3;
        for (int c = 0; c < crops.Length; c++)
        {
            double mean = Enumerable.Range(c * stride, stride).Average(i => Math.Abs(a[i] - b[i]));
            Assert.True(mean < 2.5, $"crop {c}: mean difference {mean:F2} grey levels");
        }
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void The_grey_thumbnail_is_the_mean_of_each_block(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        using BgrPicture image = BgrPicture.Filled(320, 180, 0, 0, 0);
        TestPictures.Fill(image, new PixelRect(0, 0, 160, 180), 255, 255, 255);
        var gray = new byte[160 * 90];
        pictures.WriteGrayThumbnail(image, 160, 90, gray);
        Assert.Equal(255, gray[10]);
        Assert.Equal(0, gray[150]);
        Assert.InRange(gray[(45 * 160) + 79], 250, 255);
    }

    [Fact]
    public void A_tiff_is_refused_by_the_portable_decoder_with_what_to_do()
    {
        byte[] tiff = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00];
        var ex = Assert.Throws<InvalidImageException>(() => Decode(TestPictures.Portable, tiff));
        Assert.Contains("convert", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_decoders_give_the_same_pixels_for_a_lossless_picture()
    {
        // Odd width, random pixels: every byte of the portable BGRA-to-BGR pass, vector body and tail, is compared.
        var random = new Random(11);
        byte[] noise = new byte[37 * 23 * 3];
        random.NextBytes(noise);
        using var mat = Mat.FromPixelData(23, 37, MatType.CV_8UC3, noise);
        byte[] png = mat.ImEncode(".png");
        using BgrPicture portable = Decode(TestPictures.Portable, png);
        using BgrPicture opencv = Decode(TestPictures.OpenCv, png);
        Assert.Equal(noise, portable.Pixels.ToArray());
        Assert.Equal(noise, opencv.Pixels.ToArray());
    }

    [Fact]
    public void A_jpeg_decodes_to_the_same_pixels_as_opencv()
    {
        // libjpeg-turbo either way (Debian's through TurboJPEG, or OpenCV's own): accurate DCT, smooth upsampling.
        byte[] jpeg = File.ReadAllBytes(TestPaths.KnownImage);
        using BgrPicture portable = Decode(TestPictures.Portable, jpeg);
        using BgrPicture opencv = Decode(TestPictures.OpenCv, jpeg);
        Assert.Equal((opencv.Width, opencv.Height), (portable.Width, portable.Height));
        double mean = 0;
        for (int i = 0; i < portable.Length; i++)
        {
            mean += Math.Abs(portable.Pixels[i] - opencv.Pixels[i]);
        }

        Assert.True(mean / portable.Length < 0.05, $"mean difference {mean / portable.Length:F3} grey levels");
    }

    [Theory]
    [MemberData(nameof(TestPictures.Implementations), MemberType = typeof(TestPictures))]
    public void A_photo_stored_on_its_side_is_turned_upright_as_its_exif_says(string implementation)
    {
        IPictureOperations pictures = TestPictures.Named(implementation);
        // Stored 40 × 20: left half white, right half black. EXIF orientation 6: shown turned 90° clockwise,
        // so it is 20 × 40 with the white half on top.
        using BgrPicture stored = BgrPicture.Filled(40, 20, 0, 0, 0);
        TestPictures.Fill(stored, new PixelRect(0, 0, 20, 20), 255, 255, 255);
        byte[] plain = TestPictures.Portable.EncodeJpeg(stored, 95);
        byte[] exif =
        [
            0xFF,
            0xE1,
            0x00,
            0x22,
            (byte)'E',
            (byte)'x',
            (byte)'i',
            (byte)'f',
            0,
            0,
            (byte)'I',
            (byte)'I',
            0x2A,
            0x00,
            0x08,
            0x00,
            0x00,
            0x00,
            0x01,
            0x00,
            0x12,
            0x01,
            0x03,
            0x00,
            0x01,
            0x00,
            0x00,
            0x00,
            0x06,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
        ];
        byte[] turned = [.. plain[..2], .. exif, .. plain[2..]];

        using BgrPicture upright = Decode(pictures, turned);

        Assert.Equal((20, 40), (upright.Width, upright.Height));
        Assert.True(upright.Row(5)[30] > 200, "the top half is the white one");
        Assert.True(upright.Row(35)[30] < 50, "the bottom half is the black one");
    }
}
