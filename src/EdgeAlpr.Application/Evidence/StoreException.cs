namespace EdgeAlpr.Application.Evidence;

/// <summary>The store cannot be opened or used as asked; the message says why and what to do.</summary>
public class StoreException : Exception
{
    public StoreException(string message)
        : base(message) { }

    public StoreException(string message, Exception inner)
        : base(message, inner) { }
}

/// <summary>The key is missing, unsafe, or does not open this database. Nothing was changed.</summary>
public sealed class StoreKeyException : StoreException
{
    public StoreKeyException(string message)
        : base(message) { }

    public StoreKeyException(string message, Exception inner)
        : base(message, inner) { }
}

/// <summary>A read was given up before it could be stored (storage failing, backlog full); it is audited.</summary>
public sealed class StoreUnavailableException : StoreException
{
    public StoreUnavailableException(string message)
        : base(message) { }
}

/// <summary>An image file's bytes no longer match the SHA-256 it is named by.</summary>
public sealed class CorruptImageException : StoreException
{
    public CorruptImageException(string sha256, string actual)
        : this(sha256, $"image {sha256} is corrupt: its bytes hash to {actual}", unreadable: false) { }

    private CorruptImageException(string sha256, string message, bool unreadable)
        : base(message)
    {
        Sha256 = sha256;
        IsUnreadable = unreadable;
    }

    /// <summary>True when the file did not open at all (it does not authenticate), rather than opening to other bytes.</summary>
    public bool IsUnreadable { get; }

    /// <summary>The image's file does not open: <paramref name="problem"/> says why.</summary>
    public static CorruptImageException Unreadable(string sha256, string problem) =>
        new(sha256, $"image {sha256} is corrupt: {problem}", unreadable: true);

    public string Sha256 { get; }
}

/// <summary>
/// A store file failed its integrity check: a page or header that does not authenticate, a file
/// shorter or older than its manifest, a record that does not match its index. The store is
/// repaired (damaged files moved aside, what is readable salvaged), never silently re-made.
/// </summary>
public sealed class StoreDamagedException : StoreException
{
    public StoreDamagedException(string path, long page, string what)
        : base(page >= 0 ? $"{path}: page {page}: {what}" : $"{path}: {what}")
    {
        Path = path;
        Page = page;
        What = what;
    }

    public StoreDamagedException(string message)
        : base(message)
    {
        Path = string.Empty;
        Page = -1;
        What = message;
    }

    /// <summary>The damaged file.</summary>
    public string Path { get; }

    /// <summary>The logical page number that failed, or -1 for the file as a whole.</summary>
    public long Page { get; }

    public string What { get; }
}
