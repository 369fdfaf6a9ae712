using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeAlpr.TestKit.Broker;

/// <summary>
/// A CA made for the test, a broker certificate for localhost/127.0.0.1 and a unit's client
/// certificate signed by it, an unrelated CA, and expired certificates; all as PEM files.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TestCertificates : IDisposable
{
    private readonly string _caKeyFile;

    public TestCertificates(string clientName = "unit-7")
    {
        Folder = Directory.CreateTempSubdirectory("edge-alpr-certs-").FullName;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 ca = Authority("CN=EdgeAlpr Test Platform CA", caKey, now);
        CaFile = Write("ca.pem", ca.ExportCertificatePem());
        // The CA's key too, so a test can issue certificates with openssl as an administrator would.
        _caKeyFile = Write("ca.key", caKey.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(_caKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (ServerCertFile, ServerKeyFile) = Leaf("server", "CN=localhost", ca, caKey, now.AddDays(-1), now.AddDays(30), server: true);
        (ClientCertFile, ClientKeyFile) = Leaf("client", "CN=" + clientName, ca, caKey, now.AddDays(-1), now.AddDays(30), server: false);
        (PlatformCertFile, PlatformKeyFile) = Leaf("platform", "CN=platform", ca, caKey, now.AddDays(-1), now.AddDays(30), server: false);
        (ExpiredServerCertFile, ExpiredServerKeyFile) = Leaf(
            "server-expired",
            "CN=localhost",
            ca,
            caKey,
            now.AddDays(-30),
            now.AddDays(-2),
            server: true
        );
        (ExpiredClientCertFile, ExpiredClientKeyFile) = Leaf(
            "client-expired",
            "CN=" + clientName,
            ca,
            caKey,
            now.AddDays(-30),
            now.AddDays(-2),
            server: false
        );
        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 other = Authority("CN=Somebody Else CA", otherKey, now);
        OtherCaFile = Write("other-ca.pem", other.ExportCertificatePem());
    }

    public string Folder { get; }

    public string CaFile { get; }

    public string OtherCaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    public string PlatformCertFile { get; }

    public string PlatformKeyFile { get; }

    public string ExpiredServerCertFile { get; }

    public string ExpiredServerKeyFile { get; }

    public string ExpiredClientCertFile { get; }

    public string ExpiredClientKeyFile { get; }

    /// <summary>Listener lines for Mosquitto: TLS 1.2+, client certificate required, its CN as the user name (for the ACL).</summary>
    public string MutualTlsListener(bool expiredServer = false) =>
        $"cafile {CaFile}\ncertfile {(expiredServer ? ExpiredServerCertFile : ServerCertFile)}\nkeyfile {(expiredServer ? ExpiredServerKeyFile : ServerKeyFile)}\n"
        + "tls_version tlsv1.2\nrequire_certificate true\nuse_identity_as_username true";

    /// <summary>The same listener serving another broker certificate (e.g. one from <see cref="IssueWithOpenSslAsync"/>).</summary>
    public string MutualTlsListener(string serverCertFile, string serverKeyFile) =>
        $"cafile {CaFile}\ncertfile {serverCertFile}\nkeyfile {serverKeyFile}\n"
        + "tls_version tlsv1.2\nrequire_certificate true\nuse_identity_as_username true";

    /// <summary>
    /// A certificate for localhost/127.0.0.1 issued by this CA with the openssl command line, as an administrator
    /// would, listing <paramref name="extendedKeyUsage"/> (openssl's names, e.g. "clientAuth" or
    /// "serverAuth,clientAuth"), or without the extended key usage extension when it is null.
    /// </summary>
    public async Task<(string Cert, string Key)> IssueWithOpenSslAsync(string name, string subject, string? extendedKeyUsage)
    {
        string key = Path.Combine(Folder, name + ".key");
        string request = Path.Combine(Folder, name + ".csr");
        string extensions = Path.Combine(Folder, name + ".ext");
        string cert = Path.Combine(Folder, name + ".pem");
        await ProcessRunner.RunCheckedAsync("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await ProcessRunner.RunCheckedAsync(
            "openssl",
            "req",
            "-new",
            "-key",
            key,
            "-subj",
            "/" + subject.Replace(", ", "/", StringComparison.Ordinal),
            "-out",
            request
        );
        await File.WriteAllTextAsync(
            extensions,
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n"
                + (extendedKeyUsage is null ? "" : $"extendedKeyUsage={extendedKeyUsage}\n")
        );
        string serial = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))[1..];
        await ProcessRunner.RunCheckedAsync(
            "openssl",
            "x509",
            "-req",
            "-in",
            request,
            "-CA",
            CaFile,
            "-CAkey",
            _caKeyFile,
            "-set_serial",
            serial,
            "-days",
            "30",
            "-sha256",
            "-extfile",
            extensions,
            "-out",
            cert
        );
        File.SetUnixFileMode(cert, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return (cert, key);
    }

    /// <summary>mosquitto_sub/pub arguments to connect as the platform (CN=platform) over that listener.</summary>
    public string[] PlatformClient() => ["--cafile", CaFile, "--cert", PlatformCertFile, "--key", PlatformKeyFile];

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static X509Certificate2 Authority(string subject, ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-30), now.AddYears(2));
    }

    private (string Cert, string Key) Leaf(
        string name,
        string subject,
        X509Certificate2 ca,
        ECDsa caKey,
        DateTimeOffset from,
        DateTimeOffset to,
        bool server
    )
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), from, to, serial);
        string keyFile = Write(name + ".key", key.ExportPkcs8PrivateKeyPem());
        // Private keys are secrets: the agent refuses one that others can read.
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (Write(name + ".pem", issued.ExportCertificatePem()), keyFile);
    }

    private string Write(string name, string pem)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, pem);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }
}
