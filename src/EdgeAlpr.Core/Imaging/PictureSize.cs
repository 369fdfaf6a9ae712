namespace EdgeAlpr.Core.Imaging;

/// <summary>A picture's format and the size its header declares (<see cref="PictureHeader"/>).</summary>
public readonly record struct PictureSize(ImageFormat Format, long Width, long Height)
{
    public long Pixels => Width * Height;
}
