namespace EdgeAlpr.Export;

/// <summary>A package that cannot be written or opened: a wrong key, an altered or truncated file, an unsafe entry.</summary>
public sealed class ExportPackageException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The key or passphrase is not the one the package was made with (as opposed to a damaged package).</summary>
    public bool WrongKey { get; init; }
}
