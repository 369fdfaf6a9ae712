using System.Text;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.TestKit.Fuzzing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests;

/// <summary>
/// Image bytes come from cameras and folders, and text that may hold a picture comes in hot
/// lists: the signature check refuses what it cannot take with <see cref="InvalidImageException"/>
/// only, and the sniffers never throw.
/// </summary>
public class ImageParserProperties
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9];

    private static readonly byte[] Png =
    [
        0x89,
        0x50,
        0x4E,
        0x47,
        0x0D,
        0x0A,
        0x1A,
        0x0A,
        0,
        0,
        0,
        0,
        (byte)'I',
        (byte)'E',
        (byte)'N',
        (byte)'D',
        0xAE,
        0x42,
        0x60,
        0x82,
    ];

    private static readonly byte[] WebP = [.. "RIFF"u8, 12, 0, 0, 0, .. "WEBPVP8 "u8, 0, 0, 0, 0];

    private static readonly byte[] Bmp = [.. "BM"u8, 30, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0, 0, 12, 0, 0, 0, 1, 0, 1, 0, 1, 0, 24, 0, 0, 0, 0, 0];

    [Property(MaxTest = 400)]
    public Property The_signature_check_takes_an_image_or_says_what_is_wrong() => Prop.ForAll(Images(), input => CleanParse.Check(
                input,
                () =>
                {
                    _ = ImageSignature.Check(input.Bytes);
                    _ = ImageSignature.Sniff(input.Bytes);
                },
                typeof(InvalidImageException)
            ));

    [Property(MaxTest = 400)]
    public Property Text_is_told_apart_from_an_embedded_picture_without_failing() =>
        Prop.ForAll(Texts(), input => CleanParse.Check(input, () => EmbeddedImage.IsImage(input.Utf8)));

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    [InlineData("webp")]
    [InlineData("bmp")]
    public void Each_format_is_sniffed_in_base64_hex_and_data_uris(string format)
    {
        byte[] image = format switch
        {
            "jpeg" => Jpeg,
            "png" => Png,
            "webp" => WebP,
            _ => Bmp,
        };
        byte[] padded = [.. image, .. new byte[32]];
        Assert.NotNull(ImageSignature.Sniff(image));
        Assert.True(EmbeddedImage.IsImage(Convert.ToBase64String(padded)));
        Assert.True(EmbeddedImage.IsImage(Convert.ToBase64String(padded).Replace('+', '-').Replace('/', '_')));
        Assert.True(EmbeddedImage.IsImage(Convert.ToHexString(padded)));
        Assert.True(EmbeddedImage.IsImage($"data:application/octet-stream;base64,{Convert.ToBase64String(padded)}"));
        Assert.True(EmbeddedImage.IsImage($"data:image/{format};base64,AAAA"));
    }

    [Theory]
    [InlineData("V123456789")]
    [InlineData("stolen from a lot on 2026-11-20, keys inside")]
    [InlineData("2016 HOND CIV BLK")]
    [InlineData("Qk1XXzIwMTlfWDVfQkxBQ0tfU1VWX0lMX1BMQVRFUw==")] // base64 of "BMW_2019_X5_…": a BMP's two letters, not a BMP
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("data:text/plain;base64,SGVsbG8=")]
    public void Ordinary_values_are_not_pictures(string value) => Assert.False(EmbeddedImage.IsImage(value));

    [Fact]
    public void A_webp_that_declares_nearly_4_GiB_is_refused_as_cut_short()
    {
        byte[] webp = [.. "RIFF"u8, 0xFC, 0xFF, 0xFF, 0xFF, .. "WEBPVP8 "u8];
        Assert.Throws<InvalidImageException>(() => ImageSignature.Check(webp));
    }

    private static Arbitrary<FuzzInput> Images() =>
        Gen.Frequency((1, Mutations.RandomBytes()), (1, Mutations.Of(Jpeg)), (1, Mutations.Of(Png)), (1, Mutations.Of(WebP)), (1, Mutations.Of(Bmp)))
            .ToArbitrary();

    private static Arbitrary<FuzzInput> Texts()
    {
        byte[] base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String([.. Jpeg, .. Png, .. Bmp]));
        byte[] uri = Encoding.ASCII.GetBytes("data:image/jpeg;base64," + Convert.ToBase64String(Jpeg));
        byte[] hex = Encoding.ASCII.GetBytes("0x" + Convert.ToHexString([.. Png, .. Jpeg]));
        return Gen.Frequency(
                (1, Mutations.RandomText("ABCDEFabcdef0123456789+/=-_:;, \n", 300)),
                (1, Mutations.Of(base64)),
                (1, Mutations.Of(uri)),
                (1, Mutations.Of(hex))
            )
            .ToArbitrary();
    }
}
