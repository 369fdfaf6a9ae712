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
        : base($"image {sha256} is corrupt: its bytes hash to {actual}")
    {
        Sha256 = sha256;
    }

    public string Sha256 { get; }
}
