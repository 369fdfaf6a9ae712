using System.Security.Cryptography;

namespace EdgeAlpr.Export;

/// <summary>
/// A write-only stream that seals what is written to it in chunks of AES-256-GCM onto the
/// package file. The last chunk (possibly empty) is sealed as final when the stream is disposed,
/// so a reader can tell a whole package from a cut one.
/// </summary>
internal sealed class SealingStream(Stream output, AesGcm aes, byte[] noncePrefix, byte[] associatedData, int chunkBytes) : Stream
{
    private readonly byte[] _plain = new byte[chunkBytes];
    private readonly byte[] _sealed = new byte[chunkBytes + ChunkNonce.TagBytes];
    private readonly byte[] _nonce = new byte[12];
    private int _filled;
    private uint _index;
    private bool _finished;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_finished;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (buffer.Length > 0)
        {
            if (_filled == _plain.Length)
            {
                // Sealed only once more follows: the final chunk is whichever is last at dispose.
                Seal(final: false);
            }

            int take = Math.Min(buffer.Length, _plain.Length - _filled);
            buffer[..take].CopyTo(_plain.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
        }
    }

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            Seal(final: true);
            _finished = true;
            CryptographicOperations.ZeroMemory(_plain);
        }

        base.Dispose(disposing);
    }

    private void Seal(bool final)
    {
        if (_index == uint.MaxValue)
        {
            throw new ExportPackageException("the package is too large for its chunk counter");
        }

        ChunkNonce.Write(_nonce, noncePrefix, _index++, final);
        Span<byte> cipher = _sealed.AsSpan(0, _filled);
        Span<byte> tag = _sealed.AsSpan(_filled, ChunkNonce.TagBytes);
        aes.Encrypt(_nonce, _plain.AsSpan(0, _filled), cipher, tag, associatedData);
        output.Write(_sealed, 0, _filled + ChunkNonce.TagBytes);
        _filled = 0;
    }
}
