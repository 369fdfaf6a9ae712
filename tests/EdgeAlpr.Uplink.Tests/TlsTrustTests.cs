using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Transport;
using MQTTnet;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// The broker certificate's purpose on the path without a pinned CA (the system's roots), where the
/// TLS stack's own verdict is all there is: the certificates are made with openssl by the test CA,
/// and the verdict is given as the TLS stack would for a certificate the system trusts.
/// </summary>
public sealed class TlsTrustTests : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    [Theory]
    [InlineData("clientAuth", "extended key usage: clientAuth only")]
    [InlineData("clientAuth,emailProtection", "extended key usage: clientAuth, emailProtection only")]
    [InlineData("codeSigning", "extended key usage: codeSigning only")]
    public async Task With_the_system_roots_a_leaf_not_for_servers_is_refused_even_when_the_stack_raised_nothing(string usage, string named)
    {
        (string cert, _) = await _certs.IssueWithOpenSslAsync("leaf", "CN=localhost", usage);
        var trust = new TlsTrust(null, "localhost", TimeProvider.System);
        Assert.False(trust.Validate(Args(cert, SslPolicyErrors.None)));
        Assert.Contains($"the broker's certificate (CN=localhost) is not for TLS servers ({named})", trust.LastRefusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serverAuth")]
    [InlineData("anyExtendedKeyUsage")]
    [InlineData(null)]
    public async Task With_the_system_roots_a_server_or_any_purpose_leaf_is_accepted_when_the_stack_trusts_it(string? usage)
    {
        (string cert, _) = await _certs.IssueWithOpenSslAsync("leaf", "CN=localhost", usage);
        var trust = new TlsTrust(null, "localhost", TimeProvider.System);
        Assert.True(trust.Validate(Args(cert, SslPolicyErrors.None)), trust.LastRefusal);
        // The stack's own verdict still counts.
        Assert.False(trust.Validate(Args(cert, SslPolicyErrors.RemoteCertificateChainErrors)));
        Assert.Contains("is not trusted by this system", trust.LastRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_name_is_still_refused_first()
    {
        (string cert, _) = await _certs.IssueWithOpenSslAsync("leaf", "CN=localhost", "clientAuth");
        var trust = new TlsTrust(null, "platform.example.gov", TimeProvider.System);
        Assert.False(trust.Validate(Args(cert, SslPolicyErrors.RemoteCertificateNameMismatch)));
        Assert.Contains("is not issued for 'platform.example.gov'", trust.LastRefusal, StringComparison.Ordinal);
    }

    private static MqttClientCertificateValidationEventArgs Args(string certFile, SslPolicyErrors errors) =>
        new(X509CertificateLoader.LoadCertificateFromFile(certFile), new X509Chain(), errors, new MqttClientTcpOptions());
}
