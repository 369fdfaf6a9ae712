using EdgeAlpr.Application.Ports;

namespace EdgeAlpr.Export;

/// <summary>
/// The application's <see cref="IEvidencePackager"/>: seals with one secret (a passphrase or a random
/// key), beside the destination as a hidden <c>.partial</c> file of this process, so a crash leaves
/// no file under the package's name; putting it in place is a rename in the same folder.
/// </summary>
public sealed class PackageSealer(PackageSecret secret) : IEvidencePackager
{
    public SealedPackage Seal(string destination, IReadOnlyList<ReleaseFile> files, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(files);
        string full = Path.GetFullPath(destination);
        string sealedPath = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
        PackageReceipt receipt = EvidencePackage.Write(sealedPath, [.. files.Select(f => new PackageFile(f.Path, f.Bytes))], secret, at);
        return new SealedPackage(destination, sealedPath, receipt.PackageId, receipt.Sha256, receipt.Bytes, receipt.KeyKind)
        {
            KeyText = receipt.KeyText,
        };
    }

    public void PutInPlace(SealedPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        File.Move(package.SealedPath, package.Destination);
    }

    public void Discard(SealedPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        File.Delete(package.SealedPath);
    }
}
