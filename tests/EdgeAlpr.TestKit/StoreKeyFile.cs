namespace EdgeAlpr.TestKit;

/// <summary>
/// The evidence store's key as the tests hand it over: the text of a random 256-bit key (what
/// <c>EDGEALPR_STORE_KEY</c> holds) and that text in a key file readable by its owner only (what
/// <c>Store:KeyFile</c> names). Free of product types: the test reads the file with <c>StoreKey.FromFile</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class StoreKeyFile
{
    /// <summary>A random 32-byte key as base64.</summary>
    public static string NewKeyText() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Writes <paramref name="keyText"/> to <paramref name="path"/> with mode 0600 unless the file is there
    /// already; returns the path.
    /// </summary>
    public static string Write(string path, string keyText)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, keyText);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
