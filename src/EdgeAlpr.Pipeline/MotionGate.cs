using EdgeAlpr.Application.Imaging;
using EdgeAlpr.Core.Imaging;

namespace EdgeAlpr.Pipeline;

/// <summary>
/// Says whether a frame differs enough from the last one looked at to be worth reading, so
/// an empty road costs a small grey thumbnail per frame instead of a detector run. A frame
/// is let through anyway every <see cref="MaxQuiet"/>, so a vehicle that stopped in view is
/// not missed. One per camera; not thread-safe.
/// </summary>
public sealed class MotionGate(IPictureOperations pictures, double changedFraction = 0.002, TimeSpan? maxQuiet = null)
{
    private const int ThumbnailWidth = 160;
    private const int PixelThreshold = 20;

    private byte[] _previous = [];
    private byte[] _current = [];
    private byte[] _blurred = [];
    private int[] _rows = [];
    private int _width;
    private int _height;
    private DateTimeOffset _lastPassed;

    public TimeSpan MaxQuiet { get; } = maxQuiet ?? TimeSpan.FromSeconds(2);

    public bool ShouldProcess(BgrPicture frame, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int height = Math.Max(1, frame.Height * ThumbnailWidth / Math.Max(1, frame.Width));
        bool first = height != _height || _previous.Length == 0;
        if (first)
        {
            // A new size (the first frame, or a camera that changed resolution): nothing to compare with.
            _width = ThumbnailWidth;
            _height = height;
            _previous = new byte[_width * _height];
            _current = new byte[_width * _height];
            _blurred = new byte[_width * _height];
            _rows = new int[_width * _height];
        }

        pictures.WriteGrayThumbnail(frame, _width, _height, _current);
        Blur5(_current, _blurred, _width, _height);
        bool changed = first;
        if (!first)
        {
            int moved = 0;
            for (int i = 0; i < _blurred.Length; i++)
            {
                if (Math.Abs(_blurred[i] - _previous[i]) > PixelThreshold)
                {
                    moved++;
                }
            }

            changed = moved >= changedFraction * _blurred.Length;
        }

        if (changed || at - _lastPassed >= MaxQuiet)
        {
            (_previous, _blurred) = (_blurred, _previous);
            _lastPassed = at;
            return true;
        }

        return false;
    }

    /// <summary>
    /// A 5 × 5 Gaussian (the binomial 1 4 6 4 1, OpenCV's for that size), edges repeated: sensor
    /// noise and compression blocks do not count as motion.
    /// </summary>
    private void Blur5(byte[] source, byte[] output, int width, int height)
    {
        int[] row = _rows;
        for (int y = 0; y < height; y++)
        {
            int o = y * width;
            for (int x = 0; x < width; x++)
            {
                row[o + x] =
                    source[o + Math.Max(x - 2, 0)]
                    + (4 * source[o + Math.Max(x - 1, 0)])
                    + (6 * source[o + x])
                    + (4 * source[o + Math.Min(x + 1, width - 1)])
                    + source[o + Math.Min(x + 2, width - 1)];
            }
        }

        for (int y = 0; y < height; y++)
        {
            int up2 = Math.Max(y - 2, 0) * width,
                up1 = Math.Max(y - 1, 0) * width,
                down1 = Math.Min(y + 1, height - 1) * width,
                down2 = Math.Min(y + 2, height - 1) * width;
            int o = y * width;
            for (int x = 0; x < width; x++)
            {
                int sum = row[up2 + x] + (4 * row[up1 + x]) + (6 * row[o + x]) + (4 * row[down1 + x]) + row[down2 + x];
                output[o + x] = (byte)((sum + 128) >> 8);
            }
        }
    }
}
