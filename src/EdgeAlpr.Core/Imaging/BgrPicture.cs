using System.Buffers;
using EdgeAlpr.Core.Geometry;

namespace EdgeAlpr.Core.Imaging;

/// <summary>
/// A decoded picture or camera frame: 8-bit blue, green, red, interleaved, rows packed
/// (stride = 3 × width). The one picture type capture, the plate reader and the camera
/// pipeline hand one another, whatever image library decoded it.
/// </summary>
/// <remarks>
/// The pixels live in a pooled buffer returned on <see cref="Dispose"/>: a 1080p frame is 6 MB,
/// and 25 of them a second allocated fresh would keep the garbage collector's large-object
/// heap busy. The pool keeps a few buffers per size, so a camera's frames reuse the same ones.
/// </remarks>
public sealed class BgrPicture : IDisposable
{
    /// <summary>The largest side accepted; beyond it no camera or photo is plausible.</summary>
    public const int MaxSide = 32_768;

    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(maxArrayLength: 64 * 1024 * 1024, maxArraysPerBucket: 6);

    private byte[]? _buffer;

    private BgrPicture(int width, int height, byte[] buffer)
    {
        Width = width;
        Height = height;
        _buffer = buffer;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * 3;

    /// <summary>Bytes of pixels (stride × height).</summary>
    public int Length => Stride * Height;

    /// <summary>Every pixel, row after row.</summary>
    public Span<byte> Pixels => Buffer.AsSpan(0, Length);

    /// <summary>The pixels as memory, for a reader that fills them asynchronously (a camera pipe).</summary>
    public Memory<byte> PixelMemory => Buffer.AsMemory(0, Length);

    /// <summary>A picture of the given size; its pixels are not cleared (the caller writes them all).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is not positive or larger than <see cref="MaxSide"/>.</exception>
    public static BgrPicture Create(int width, int height)
    {
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"a picture is 1 to {MaxSide} pixels a side, got {width}x{height}");
        }

        long length = 3L * width * height;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"a {width}x{height} picture does not fit in memory as one buffer");
        }

        return new BgrPicture(width, height, Buffers.Rent((int)length));
    }

    /// <summary>A picture of one colour.</summary>
    public static BgrPicture Filled(int width, int height, byte blue, byte green, byte red)
    {
        BgrPicture picture = Create(width, height);
        Span<byte> pixels = picture.Pixels;
        Span<byte> pixel = [blue, green, red];
        for (int i = 0; i < pixels.Length; i += 3)
        {
            pixel.CopyTo(pixels[i..]);
        }

        return picture;
    }

    /// <summary>One row's pixels.</summary>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Buffer.AsSpan(y * Stride, Stride);
    }

    /// <summary>A copy of a region, which outlives this picture (a read's evidence outlives its frame).</summary>
    /// <exception cref="ArgumentException">The region is empty or not inside the picture.</exception>
    public BgrPicture Copy(PixelRect region)
    {
        if (region.IsEmpty || region.X < 0 || region.Y < 0 || region.X + region.Width > Width || region.Y + region.Height > Height)
        {
            throw new ArgumentException($"region {region} is empty or not inside the {Width}x{Height} picture", nameof(region));
        }

        BgrPicture copy = Create(region.Width, region.Height);
        int rowBytes = region.Width * 3;
        for (int y = 0; y < region.Height; y++)
        {
            Buffer.AsSpan(((region.Y + y) * Stride) + (region.X * 3), rowBytes).CopyTo(copy.Buffer.AsSpan(y * rowBytes, rowBytes));
        }

        return copy;
    }

    /// <summary>The whole picture as a region.</summary>
    public PixelRect Bounds => new(0, 0, Width, Height);

    public void Dispose()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            Buffers.Return(buffer);
        }
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(BgrPicture));
}
