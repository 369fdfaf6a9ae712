using System.Text;

namespace EdgeAlpr.Location;

/// <summary>
/// Cuts a byte stream from a device into lines ('\n', a '\r' before it dropped) holding at most
/// <see cref="MaxLineBytes"/> bytes of a line at a time. A line that grows past that (a receiver
/// at the wrong baud rate, a device that never sends a newline) is dropped up to its newline and
/// counted, so memory stays bounded whatever the device sends. Not thread-safe: one reader feeds it.
/// </summary>
public sealed class BoundedLineSplitter
{
    private readonly byte[] _line;
    private readonly Encoding _encoding;
    private int _length;
    private bool _dropping;

    public BoundedLineSplitter(int maxLineBytes, Encoding encoding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        ArgumentNullException.ThrowIfNull(encoding);
        _line = new byte[maxLineBytes];
        _encoding = encoding;
    }

    public int MaxLineBytes => _line.Length;

    /// <summary>Lines dropped for being longer than <see cref="MaxLineBytes"/>.</summary>
    public long Overlong { get; private set; }

    /// <summary>Takes the next bytes read; calls <paramref name="line"/> for each line they complete.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, Action<string> line)
    {
        ArgumentNullException.ThrowIfNull(line);
        while (!bytes.IsEmpty)
        {
            int newline = bytes.IndexOf((byte)'\n');
            ReadOnlySpan<byte> part = newline < 0 ? bytes : bytes[..newline];
            if (!_dropping)
            {
                if (part.Length > _line.Length - _length)
                {
                    _dropping = true;
                    _length = 0;
                    Overlong++;
                }
                else
                {
                    part.CopyTo(_line.AsSpan(_length));
                    _length += part.Length;
                }
            }

            if (newline < 0)
            {
                return;
            }

            if (!_dropping)
            {
                int end = _length > 0 && _line[_length - 1] == (byte)'\r' ? _length - 1 : _length;
                line(_encoding.GetString(_line, 0, end));
            }

            _dropping = false;
            _length = 0;
            bytes = bytes[(newline + 1)..];
        }
    }

    /// <summary>Forgets a partial line (the device went away mid-line).</summary>
    public void Reset()
    {
        _dropping = false;
        _length = 0;
    }
}
