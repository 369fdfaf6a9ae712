using System.Security.Cryptography;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.HotLists;

/// <summary>The platform's public key that every hot-list update must be signed with.</summary>
public static class PlatformKey
{
    /// <summary>Loads an ECDSA P-256 public key from a PEM file (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"); one that others could replace is refused.</summary>
    public static ECDsa Load(string path)
    {
        if (File.Exists(path) && TrustedFile.Problem(path, "platform public key") is { } problem)
        {
            throw new HotListImportException(problem);
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HotListImportException($"cannot read the platform public key {path}: {ex.Message}");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new HotListImportException($"{path} is not an ECDSA P-256 key (prime256v1)");
            }

            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new HotListImportException($"{path} holds no ECDSA public key in PEM form: {ex.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
