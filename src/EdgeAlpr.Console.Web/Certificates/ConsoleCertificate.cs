using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeAlpr.FileSystem;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.WebConsole.Certificates;

/// <summary>
/// The console's server certificate: the one the settings name, or a self-signed ECDSA P-256 one the agent makes
/// and keeps in an owner-only file, so its thumbprint (what a browser was told to trust) stays the same across
/// restarts. It is made again only when it is near its end or does not name the configured address.
/// </summary>
public static class ConsoleCertificate
{
    public const string FileName = "console-tls.pem";

    /// <summary>A generated certificate lasts this long; it is remade when less than <see cref="RenewBefore"/> is left.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(730);

    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The certificate to serve: from the settings' PEM files, else the generated one in <paramref name="directory"/>.</summary>
    public static X509Certificate2 Load(ConsoleOptions options, string directory, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CertificatePath is { Length: > 0 } certificate && options.CertificateKeyPath is { Length: > 0 } key)
        {
            string keyPem = SecretFile.ReadText(key, "Console:CertificateKeyPath");
            return X509Certificate2.CreateFromPem(File.ReadAllText(certificate), keyPem);
        }

        return SelfSigned(Path.Combine(directory, FileName), IPAddress.Parse(options.Address.Trim()), time, logger);
    }

    /// <summary>The self-signed certificate kept at <paramref name="path"/>, made (or remade) when it is not fit.</summary>
    public static X509Certificate2 SelfSigned(string path, IPAddress address, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        DateTimeOffset now = time.GetUtcNow();
        if (File.Exists(path))
        {
            string pem = SecretFile.ReadText(path, "the console's certificate file");
            X509Certificate2 kept = X509Certificate2.CreateFromPem(pem, pem);
            if (kept.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore && Names(kept, address))
            {
                return kept;
            }

            logger.LogWarning(
                "the console's certificate {Path} ends {NotAfter:u} or does not name {Address}; a new one is made (browsers must trust it again)",
                path,
                kept.NotAfter.ToUniversalTime(),
                address
            );
            kept.Dispose();
        }

        X509Certificate2 made = Make(address, now);
        string text = made.ExportCertificatePem() + "\n" + made.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
        // Written whole beside the old one, then moved over it: a power cut leaves the old file or the new, never half.
        string fresh = path + ".new";
        File.Delete(fresh);
        SecretFile.Create(fresh, text);
        File.Move(fresh, path, overwrite: true);
        logger.LogInformation("made the console's self-signed certificate {Path} (SHA-256 {Thumbprint})", path, Thumbprint(made));
        return made;
    }

    /// <summary>The SHA-256 thumbprint a person compares with what the browser shows.</summary>
    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    private static X509Certificate2 Make(IPAddress address, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=edge-alpr console", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        if (!IPAddress.IsLoopback(address))
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], false));
        return request.CreateSelfSigned(now.AddDays(-1), now.Add(Lifetime));
    }

    private static bool Names(X509Certificate2 certificate, IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        X509SubjectAlternativeNameExtension? names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        return names is not null && names.EnumerateIPAddresses().Contains(address);
    }
}
