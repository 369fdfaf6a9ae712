namespace EdgeAlpr.Core.Imaging;

public enum ImageFormat
{
    Jpeg,
    Png,
    Bmp,
    WebP,
    Tiff,
    Gif,
}
