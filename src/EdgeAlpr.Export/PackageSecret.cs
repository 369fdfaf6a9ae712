namespace EdgeAlpr.Export;

/// <summary>What a package is sealed or opened with: a passphrase, or the random key printed when it was made.</summary>
public sealed record PackageSecret
{
    private PackageSecret(string? passphrase, string? keyText)
    {
        Passphrase = passphrase;
        KeyText = keyText;
    }

    public string? Passphrase { get; }

    public string? KeyText { get; }

    public static PackageSecret FromPassphrase(string passphrase) => new(passphrase, null);

    public static PackageSecret FromKey(string keyText) => new(null, keyText);

    /// <summary>Opening only: text that is the passphrase or the key, whichever the package was sealed with.</summary>
    public static PackageSecret Either(string text) => new(text, text);

    /// <summary>Sealing only: a fresh random key, given back once in <see cref="PackageReceipt.KeyText"/>.</summary>
    public static PackageSecret NewRandomKey() => new(null, null);

    // Never in a log line or an exception by accident.
    public override string ToString() =>
        Passphrase is not null ? "passphrase"
        : KeyText is not null ? "key"
        : "new random key";
}
