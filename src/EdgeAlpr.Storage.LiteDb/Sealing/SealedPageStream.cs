using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Storage.Salvage;
using Microsoft.Win32.SafeHandles;

namespace EdgeAlpr.Storage;

/// <summary>
/// One of the database's files as LiteDB sees it — a plain stream of 8 KiB pages — kept on disk
/// sealed page by page with AES-256-GCM. Each physical page is the page's number, a fresh random
/// 96-bit nonce, the ciphertext and the tag; the associated data binds the file's id, its kind and
/// the page number, so a flipped byte, a page moved within or between files, or a file sealed
/// with another key is refused with the page's number rather than read. A page is re-sealed with
/// a new nonce on every write (random nonces under a per-file key: NIST SP 800-38D's limit of
/// 2^32 writes per key is 32 TiB of page writes per file).
/// Durability is the store's, as before: writes go to the kernel at once (SIGKILL loses nothing
/// written), <see cref="Sync"/> fsyncs, and the log is never cut before the data file is synced.
/// </summary>
internal sealed class SealedPageStream : Stream
{
    public const int PageSize = SealedFileHeader.PageSize;
    public const int PhysicalPageSize = PrefixSize + PageSize + TagSize;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int PrefixSize = 4 + NonceSize;
    private const int AadSize = SealedFileHeader.IdLength + 1 + 4;

    private readonly SafeFileHandle _file;
    private readonly SealedPageStream? _syncBeforeShrink;
    private readonly SealedFileHeader _header;
    private readonly AesGcm _aes;
    private readonly Lock _gate = new();
    private readonly object _confirmations = new();
    private readonly byte[] _plain = new byte[PageSize];
    private readonly byte[] _sealed = new byte[PhysicalPageSize];

    // LiteDB shares one stream between its threads (readers, and the log's background writer),
    // each setting the position and then reading or writing: the position is per thread.
    private readonly ThreadLocal<long> _position = new();
    private long _pages;
    private long _confirmedPagesWritten;

    private SealedPageStream(SafeFileHandle file, string path, SealedFileHeader header, StoreKeys keys, SealedPageStream? syncBeforeShrink)
    {
        _file = file;
        Path = path;
        _header = header;
        _aes = new AesGcm(keys.PageKey(header.FileId), TagSize);
        _syncBeforeShrink = syncBeforeShrink;
        long body = RandomAccess.GetLength(file) - SealedFileHeader.Size;
        _pages = Math.Max(0, body / PhysicalPageSize);
        TornTailBytes = Math.Max(0, body % PhysicalPageSize);
    }

    public string Path { get; }

    /// <summary>Bytes after the last whole page: a page write cut short by a power cut, not counted as a page.</summary>
    public long TornTailBytes { get; }

    public long PageCount => _pages;

    /// <summary>Log pages written that end a transaction (LiteDB's confirm flag): a commit is on disk once its one is.</summary>
    public long ConfirmedPagesWritten => Interlocked.Read(ref _confirmedPagesWritten);

    /// <summary>
    /// Waits until more than <paramref name="seen"/> transaction-ending pages were written. LiteDB's
    /// commit only queues the log's pages for its writer thread; the store must not fsync (and
    /// acknowledge) before they reach the file.
    /// </summary>
    public void WaitForConfirmedPage(long seen, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_confirmations)
        {
            while (Interlocked.Read(ref _confirmedPagesWritten) <= seen)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    throw new IOException($"{Path}: the commit's pages did not reach the file within {timeout.TotalSeconds:0} s");
                }

                Monitor.Wait(_confirmations, TimeSpan.FromMilliseconds(left));
            }
        }
    }

    /// <summary>The file's random id (its page key is derived from it); the manifest keeps a copy.</summary>
    public ReadOnlySpan<byte> FileId => _header.FileId;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _pages * PageSize;

    public override long Position
    {
        get => _position.Value;
        set => _position.Value = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>
    /// Opens a sealed file, or makes one when <paramref name="mode"/> allows and it is empty.
    /// A damaged header is a <see cref="StoreDamagedException"/>, another key a <see cref="StoreKeyException"/>.
    /// With <paramref name="knownId"/> (the file id the manifest remembers) the header is not read:
    /// the salvage of a file whose header was destroyed.
    /// </summary>
    public static SealedPageStream Open(
        string path,
        FileMode mode,
        SealedFileKind kind,
        StoreKeys keys,
        SealedPageStream? syncBeforeShrink = null,
        byte[]? knownId = null
    )
    {
        // Positional reads and writes on the handle: nothing is buffered in this process, so a
        // SIGKILL loses nothing written, and the store's fsync covers every write.
        SafeFileHandle file = File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.None);
        try
        {
            if (!OperatingSystem.IsWindows() && mode != FileMode.Open)
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            SealedFileHeader header;
            if (knownId is not null)
            {
                header = new SealedFileHeader(kind, knownId);
            }
            else if (RandomAccess.GetLength(file) == 0 && mode != FileMode.Open)
            {
                header = SealedFileHeader.New(kind);
                RandomAccess.Write(file, header.ToBytes(keys), 0);
                RandomAccess.FlushToDisk(file);
            }
            else
            {
                byte[] bytes = new byte[SealedFileHeader.Size];
                int read = RandomAccess.Read(file, bytes, 0);
                header = SealedFileHeader.Parse(bytes.AsSpan(0, read), kind, keys, path);
            }

            return new SealedPageStream(file, path, header, keys, syncBeforeShrink);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads one page for the salvage and the verifier: false, with what is wrong, when it does not
    /// authenticate, instead of throwing.
    /// </summary>
    public bool TryReadPage(long index, Span<byte> page, out string? problem)
    {
        lock (_gate)
        {
            problem = index < _pages ? Unseal(index, page) : "past the end of the file";
            return problem is null;
        }
    }

    public void Sync()
    {
        lock (_gate)
        {
            RandomAccess.FlushToDisk(_file);
        }
    }

    /// <summary>LiteDB's flush: the bytes are already with the kernel (writes are unbuffered); <see cref="Sync"/> makes them durable.</summary>
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        lock (_gate)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                long page = _position.Value / PageSize;
                int within = (int)(_position.Value % PageSize);
                if (page >= _pages)
                {
                    break;
                }

                ReadPageOrThrow(page);
                int n = Math.Min(PageSize - within, buffer.Length - done);
                _plain.AsSpan(within, n).CopyTo(buffer[done..]);
                done += n;
                _position.Value += n;
            }

            return done;
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            while (!buffer.IsEmpty)
            {
                long page = _position.Value / PageSize;
                int within = (int)(_position.Value % PageSize);
                int n = Math.Min(PageSize - within, buffer.Length);
                FillGapTo(page);
                if (n == PageSize)
                {
                    buffer[..PageSize].CopyTo(_plain);
                }
                else
                {
                    // A part of a page: LiteDB writes whole pages, but a stream must take any write.
                    if (page < _pages)
                    {
                        ReadPageOrThrow(page);
                    }
                    else
                    {
                        Array.Clear(_plain);
                    }

                    buffer[..n].CopyTo(_plain.AsSpan(within));
                }

                SealAndWrite(page);
                if (_header.Kind == SealedFileKind.Log && n == PageSize && LitePageFormat.IsConfirmed(_plain))
                {
                    lock (_confirmations)
                    {
                        _confirmedPagesWritten++;
                        Monitor.PulseAll(_confirmations);
                    }
                }

                buffer = buffer[n..];
                _position.Value += n;
            }
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position.Value + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position.Value;
    }

    public override void SetLength(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        long pages = (value + PageSize - 1) / PageSize;
        if (pages < _pages)
        {
            // Never cut the log before the data file holds what it had.
            _syncBeforeShrink?.Sync();
        }

        lock (_gate)
        {
            if (pages > _pages)
            {
                FillGapTo(pages);
            }
            else
            {
                RandomAccess.SetLength(_file, SealedFileHeader.Size + (pages * PhysicalPageSize));
                _pages = pages;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _position.Dispose();
            _aes.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private void FillGapTo(long page)
    {
        while (_pages < page)
        {
            Array.Clear(_plain);
            SealAndWrite(_pages);
        }
    }

    private void ReadPageOrThrow(long page)
    {
        if (Unseal(page, _plain) is { } problem)
        {
            throw new StoreDamagedException(Path, page, problem);
        }
    }

    /// <summary>Reads and opens a page into <paramref name="page"/>; null when it authenticated, else what is wrong.</summary>
    private string? Unseal(long index, Span<byte> page)
    {
        int read = RandomAccess.Read(_file, _sealed, Offset(index));
        if (read < PhysicalPageSize)
        {
            return "the page is cut short (the file was truncated)";
        }

        uint named = BinaryPrimitives.ReadUInt32LittleEndian(_sealed);
        Span<byte> aad = stackalloc byte[AadSize];
        Aad(index, aad);
        try
        {
            _aes.Decrypt(
                _sealed.AsSpan(4, NonceSize),
                _sealed.AsSpan(PrefixSize, PageSize),
                _sealed.AsSpan(PrefixSize + PageSize, TagSize),
                page[..PageSize],
                aad
            );
            return null;
        }
        catch (AuthenticationTagMismatchException)
        {
            page[..PageSize].Clear();
            if (!_sealed.AsSpan().ContainsAnyExcept((byte)0))
            {
                return "the page is all zeros (overwritten or never written)";
            }

            if (!_sealed.AsSpan(4, NonceSize).ContainsAnyExcept((byte)0) || !_sealed.AsSpan(PrefixSize).ContainsAnyExcept((byte)0))
            {
                return "the page is partly overwritten with zeros";
            }

            return named != (uint)index
                ? $"the page holds page {named} (moved or swapped)"
                : "the page does not authenticate (altered, damaged, or an old copy from elsewhere)";
        }
    }

    /// <summary>
    /// The physical page: its number, the nonce, the ciphertext and the tag, with the file's id,
    /// kind and the page number as associated data. Every page write goes through here; the
    /// documented test vectors check it against an independent implementation.
    /// </summary>
    internal static void Seal(
        AesGcm aes,
        SealedFileHeader header,
        uint index,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plain,
        Span<byte> physical
    )
    {
        BinaryPrimitives.WriteUInt32LittleEndian(physical, index);
        nonce.CopyTo(physical[4..]);
        Span<byte> aad = stackalloc byte[AadSize];
        Aad(header, index, aad);
        aes.Encrypt(nonce, plain, physical.Slice(PrefixSize, PageSize), physical.Slice(PrefixSize + PageSize, TagSize), aad);
    }

    private void SealAndWrite(long index)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        Seal(_aes, _header, checked((uint)index), nonce, _plain, _sealed);
        RandomAccess.Write(_file, _sealed, Offset(index));
        _pages = Math.Max(_pages, index + 1);
    }

    private void Aad(long index, Span<byte> aad) => Aad(_header, checked((uint)index), aad);

    private static void Aad(SealedFileHeader header, uint index, Span<byte> aad)
    {
        header.FileId.CopyTo(aad);
        aad[SealedFileHeader.IdLength] = (byte)header.Kind;
        BinaryPrimitives.WriteUInt32LittleEndian(aad[(SealedFileHeader.IdLength + 1)..], index);
    }

    private static long Offset(long index) => SealedFileHeader.Size + (index * PhysicalPageSize);
}
