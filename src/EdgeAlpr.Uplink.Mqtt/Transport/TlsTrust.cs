using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace EdgeAlpr.Uplink.Transport;

/// <summary>
/// Checks the broker's certificate against the configured CA only (or the system's roots when
/// none is configured), by host name, validity dates and purpose (a certificate that lists its
/// extended key usages must list serverAuth: a client certificate from the same CA is no broker),
/// and remembers why it refused one, so the connect error names the cause rather than "the
/// handshake failed".
/// </summary>
internal sealed class TlsTrust(X509Certificate2Collection? authorities, string expectedHost, TimeProvider time)
{
    public string? LastRefusal { get; private set; }

    public bool Validate(MqttClientCertificateValidationEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        LastRefusal = Check(args.Certificate, args.SslPolicyErrors);
        return LastRefusal is null;
    }

    private string? Check(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null)
        {
            return "the broker presented no certificate";
        }

        using var certificate = new X509Certificate2(presented);
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"the broker's certificate ({certificate.Subject}) is not issued for '{expectedHost}' (set Uplink:TlsServerName if the broker is reached under another name)";
        }

        DateTime now = time.GetUtcNow().UtcDateTime;
        if (now > certificate.NotAfter.ToUniversalTime())
        {
            return $"the broker's certificate ({certificate.Subject}) expired on {certificate.NotAfter.ToUniversalTime():u}";
        }

        if (now < certificate.NotBefore.ToUniversalTime())
        {
            return $"the broker's certificate ({certificate.Subject}) is not valid before {certificate.NotBefore.ToUniversalTime():u} (is this unit's clock right?)";
        }

        // Checked here for both paths (the system's chain checks it too, but would only say "chain errors").
        if (CertificatePurpose.NotFor(certificate, CertificatePurpose.ServerAuth) is { } usages)
        {
            return $"the broker's certificate ({certificate.Subject}) is not for TLS servers (extended key usage: {usages}); the broker needs a certificate with serverAuth";
        }

        if (authorities is null)
        {
            return errors == SslPolicyErrors.None
                ? null
                : $"the broker's certificate ({certificate.Subject}) is not trusted by this system ({errors}); set Uplink:CaFile to the platform's CA";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // Units are often offline from any CRL or OCSP responder; trust rests on the pinned CA and validity dates.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        // Every certificate in the chain that restricts its usages must allow serverAuth (an intermediate CA too).
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(CertificatePurpose.ServerAuth));
        if (chain.Build(certificate))
        {
            return null;
        }

        string statuses = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return $"the broker's certificate ({certificate.Subject}, issued by {certificate.Issuer}) does not chain to the configured CA (Uplink:CaFile): {statuses}";
    }
}
