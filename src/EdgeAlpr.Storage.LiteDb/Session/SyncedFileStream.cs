namespace EdgeAlpr.Storage;

/// <summary>
/// A database file as LiteDB sees it, with durability the store controls. LiteDB 5 never fsyncs:
/// its <see cref="Flush"/> here hands bytes to the kernel only, the store calls <see cref="Sync"/>
/// after each commit, and before the log is cut back after a checkpoint the data file is synced,
/// so a power cut can never lose pages that were in the log but not yet on disk in the data file.
/// </summary>
internal sealed class SyncedFileStream : Stream
{
    private readonly FileStream _file;
    private readonly SyncedFileStream? _syncBeforeShrink;

    public SyncedFileStream(string path, FileMode mode, SyncedFileStream? syncBeforeShrink = null)
    {
        // Unbuffered: every write LiteDB makes reaches the kernel at once, so a SIGKILL loses nothing committed.
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows() && mode != FileMode.Open)
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _file = new FileStream(path, options);
        _syncBeforeShrink = syncBeforeShrink;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    public void Sync() => _file.Flush(flushToDisk: true);

    public override void Flush() => _file.Flush(flushToDisk: false);

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void SetLength(long value)
    {
        if (value < _file.Length)
        {
            _syncBeforeShrink?.Sync();
        }

        _file.SetLength(value);
    }

    public override void Write(byte[] buffer, int offset, int count) => _file.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _file.Write(buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
