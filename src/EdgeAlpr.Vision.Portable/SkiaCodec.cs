using System.Buffers;
using System.Runtime.InteropServices;
using EdgeAlpr.Core.Imaging;
using SkiaSharp;

namespace EdgeAlpr.Vision.Portable;

/// <summary>Decodes and encodes pictures with SkiaSharp (libjpeg-turbo, libpng, libwebp inside libSkiaSharp.so).</summary>
internal static class SkiaCodec
{
    public static BgrPicture Decode(byte[] encoded, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ImageFormat format = ImageSignature.Check(encoded);
        if (format == ImageFormat.Tiff)
        {
            throw new InvalidImageException("TIFF pictures are not read on this unit's image library; convert them to JPEG or PNG");
        }

        // Skia, like any decoder, allocates what the header declares: check the size before it sees the bytes.
        PictureHeader.Check(encoded, maxPixels);
        using var stream = new SKMemoryStream(encoded);
        using SKCodec? codec = SKCodec.Create(stream, out SKCodecResult opened);
        if (codec is null)
        {
            throw new InvalidImageException($"the {format} image could not be decoded ({Describe(opened)})");
        }

        SKImageInfo header = codec.Info;
        if (header.Width <= 0 || header.Height <= 0)
        {
            throw new InvalidImageException($"the {format} image has no pixels ({header.Width}x{header.Height})");
        }

        if ((long)header.Width * header.Height > maxPixels)
        {
            throw new InvalidImageException($"the {format} image is {header.Width}x{header.Height}, more than the {maxPixels} pixels allowed");
        }

        // Unpremultiplied BGRA: a PNG's alpha is dropped, not blended, as OpenCV's colour decode does.
        // Skia reads the header and the EXIF orientation; an upright JPEG's pixels come faster from libjpeg-turbo.
        if (format == ImageFormat.Jpeg && codec.EncodedOrigin is SKEncodedOrigin.TopLeft && TurboJpeg.Decode(encoded) is { } fast)
        {
            return fast;
        }

        var info = new SKImageInfo(header.Width, header.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        byte[] bgra = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        try
        {
            SKCodecResult result;
            GCHandle pin = GCHandle.Alloc(bgra, GCHandleType.Pinned);
            try
            {
                result = codec.GetPixels(info, pin.AddrOfPinnedObject());
            }
            finally
            {
                pin.Free();
            }

            // Incomplete input decodes the rest grey: a half picture is refused, never read.
            if (result != SKCodecResult.Success)
            {
                throw new InvalidImageException($"the {format} image could not be decoded ({Describe(result)})");
            }

            return Orientation.Upright(bgra.AsSpan(0, info.BytesSize), header.Width, header.Height, codec.EncodedOrigin);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bgra);
        }
    }

    public static byte[] EncodeJpeg(BgrPicture picture, int quality)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        var info = new SKImageInfo(picture.Width, picture.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        byte[] bgra = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        try
        {
            PixelFormats.BgrToBgra(picture.Pixels, bgra.AsSpan(0, info.BytesSize));
            GCHandle pin = GCHandle.Alloc(bgra, GCHandleType.Pinned);
            try
            {
                using var pixmap = new SKPixmap(info, pin.AddrOfPinnedObject(), info.RowBytes);
                using SKData? jpeg = pixmap.Encode(
                    new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)
                );
                return jpeg?.ToArray() ?? throw new InvalidOperationException($"SkiaSharp could not encode a {picture.Width}x{picture.Height} JPEG");
            }
            finally
            {
                pin.Free();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bgra);
        }
    }

    private static string Describe(SKCodecResult result) =>
        result switch
        {
            SKCodecResult.IncompleteInput => "the data ends before the picture does",
            SKCodecResult.ErrorInInput => "corrupt data",
            SKCodecResult.InvalidInput => "not a picture Skia reads",
            SKCodecResult.Unimplemented => "a variant of the format the decoder does not implement",
            SKCodecResult.InvalidConversion => "its colours cannot be converted to BGR",
            SKCodecResult.InvalidScale => "an invalid size",
            SKCodecResult.CouldNotRewind => "the data could not be re-read",
            _ => result.ToString(),
        };
}
