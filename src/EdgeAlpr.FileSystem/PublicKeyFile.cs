using System.Security.Cryptography;

namespace EdgeAlpr.FileSystem;

/// <summary>
/// A platform's ECDSA P-256 public key kept in a file (hot-list updates and platform commands are
/// signed with one): trusted only when no one but its owner and root can replace it.
/// </summary>
public static class PublicKeyFile
{
    /// <summary>
    /// Loads an ECDSA P-256 public key from a PEM file (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"); one that
    /// others could replace is refused.
    /// </summary>
    public static ECDsa Load(string path)
    {
        if (File.Exists(path) && TrustedFile.Problem(path, "platform public key") is { } problem)
        {
            throw new PublicKeyFileException(problem);
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PublicKeyFileException($"cannot read the platform public key {path}: {ex.Message}");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new PublicKeyFileException($"{path} is not an ECDSA P-256 key (prime256v1)");
            }

            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new PublicKeyFileException($"{path} holds no ECDSA public key in PEM form: {ex.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}

/// <summary>The key file is missing, unreadable, replaceable by others, or holds no ECDSA P-256 public key.</summary>
public sealed class PublicKeyFileException(string message) : Exception(message);
