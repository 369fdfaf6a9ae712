using System.Security.Cryptography;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.HotLists;

/// <summary>
/// A signed update taken a piece at a time into the hot list's own <c>incoming/</c> folder (owner only), its list
/// hashed on the way in, so that the message is never whole in memory and a forged body is known when it ends. Made
/// only after <see cref="HotListService.Receive"/> checked the header and its signature.
/// </summary>
internal sealed class IncomingFile : IncomingUpdate
{
    private readonly SignedUpdate _header;
    private readonly long _bodyStart;
    private readonly FileStream _file;
    private readonly IncrementalHash _body = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _written;
    private bool _disposed;

    public IncomingFile(string folder, SignedUpdate header, long bodyStart, long length)
    {
        _header = header;
        _bodyStart = bodyStart;
        Length = length;
        FolderPermissions.CreateOwnerOnly(folder);
        Path = System.IO.Path.Combine(folder, $"{Guid.CreateVersion7():N}.part");
        FileStreamOptions options = OwnerOnlyFile.New(FileAccess.Write);
        options.PreallocationSize = length;
        _file = new FileStream(Path, options);
    }

    /// <summary>Where the bytes are kept until the update is applied or refused.</summary>
    public string Path { get; }

    public bool Completed { get; private set; }

    public override long Length { get; }

    public override long Version => _header.Version;

    public override void Append(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_written + bytes.Length > Length)
        {
            throw new HotListImportException($"malformed update: more than the {Length} bytes announced arrived", code: HotListRefusal.Malformed);
        }

        _file.Write(bytes);
        long skip = Math.Max(0, _bodyStart - _written);
        if (skip < bytes.Length)
        {
            _body.AppendData(bytes[(int)skip..]);
        }

        _written += bytes.Length;
    }

    public override void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_written != Length)
        {
            throw new HotListImportException($"malformed update: {_written} of the {Length} bytes announced arrived", code: HotListRefusal.Malformed);
        }

        // Closed now: the file is read back whole to be applied, and the write lock would refuse that.
        _file.Dispose();
        _header.VerifyPayload(Convert.ToHexStringLower(_body.GetHashAndReset()));
        Completed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        _file.Dispose();
        _body.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start to clear (HotListService removes what is left in incoming/).
        }
    }
}
