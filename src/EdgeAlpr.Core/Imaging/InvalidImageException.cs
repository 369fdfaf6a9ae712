namespace EdgeAlpr.Core.Imaging;

/// <summary>An image that cannot be used: empty, truncated, of an unknown format, or undecodable.</summary>
public sealed class InvalidImageException : Exception
{
    public InvalidImageException(string message)
        : base(message) { }

    public InvalidImageException(string message, Exception inner)
        : base(message, inner) { }
}
