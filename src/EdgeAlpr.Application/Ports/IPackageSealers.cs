namespace EdgeAlpr.Application.Ports;

/// <summary>
/// The packagers an approval may seal with, for a host that takes the secret from a person rather than a file (the
/// web console): the approver's passphrase, or a fresh random key given back once in
/// <see cref="SealedPackage.KeyText"/> and kept nowhere.
/// </summary>
public interface IPackageSealers
{
    /// <summary>The shortest passphrase a package is sealed with.</summary>
    int MinPassphraseLength { get; }

    IEvidencePackager WithPassphrase(string passphrase);

    IEvidencePackager WithNewKey();
}
