using EdgeAlpr.Application.Ports;

namespace EdgeAlpr.Export;

/// <summary>The application's <see cref="IPackageSealers"/>: a <see cref="PackageSealer"/> for the secret the approver chose.</summary>
public sealed class PackageSealers : IPackageSealers
{
    public int MinPassphraseLength => PackageKey.MinPassphraseLength;

    public IEvidencePackager WithPassphrase(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return new PackageSealer(PackageSecret.FromPassphrase(passphrase));
    }

    public IEvidencePackager WithNewKey() => new PackageSealer(PackageSecret.NewRandomKey());
}
