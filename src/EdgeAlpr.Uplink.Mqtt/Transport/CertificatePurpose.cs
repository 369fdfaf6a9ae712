using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeAlpr.Uplink.Transport;

/// <summary>
/// What a certificate's extended key usage allows it for. A certificate without the extension is
/// taken as good for any purpose (RFC 5280 §4.2.1.12, and what TLS stacks do): many private CAs
/// issue broker certificates without it, and such a certificate still has to chain to the pinned
/// CA and carry the broker's name. One that has the extension must list the purpose (or
/// <c>anyExtendedKeyUsage</c>): a client certificate from the same CA is then no broker.
/// </summary>
internal static class CertificatePurpose
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [ServerAuth] = "serverAuth",
        [ClientAuth] = "clientAuth",
        ["1.3.6.1.5.5.7.3.3"] = "codeSigning",
        ["1.3.6.1.5.5.7.3.4"] = "emailProtection",
        ["1.3.6.1.5.5.7.3.8"] = "timeStamping",
        ["1.3.6.1.5.5.7.3.9"] = "OCSPSigning",
    };

    /// <summary>
    /// Null when <paramref name="certificate"/> may be used for <paramref name="purpose"/>; otherwise the usages it
    /// does list, for the message (e.g. "clientAuth only").
    /// </summary>
    public static string? NotFor(X509Certificate2 certificate, string purpose)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X509EnhancedKeyUsageExtension? extension = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extension is null)
        {
            return null;
        }

        List<string> listed = [.. extension.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? "")];
        if (listed.Contains(purpose, StringComparer.Ordinal) || listed.Contains(AnyExtendedKeyUsage, StringComparer.Ordinal))
        {
            return null;
        }

        return listed.Count == 0 ? "none listed" : string.Join(", ", listed.Select(o => Names.GetValueOrDefault(o, o))) + " only";
    }

    /// <summary>
    /// A warning when the client certificate the unit presents (<c>Uplink:ClientCertificateFile</c>) is not for TLS
    /// clients; null when it is, when none is configured, or when it cannot be read (connecting reports that).
    /// Only a warning: whether to accept it is the broker's decision.
    /// </summary>
    public static string? ClientCertificateWarning(string? certificateFile)
    {
        if (string.IsNullOrWhiteSpace(certificateFile))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile));
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }

        using (certificate)
        {
            return NotFor(certificate, ClientAuth) is { } usages
                ? $"the client certificate {certificateFile} ({certificate.Subject}) is not for TLS clients (extended key usage: {usages}); a broker that checks the purpose will refuse it"
                : null;
        }
    }
}
