using EdgeAlpr.Application.Evidence;
using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Transport;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// TLS as deployed: Mosquitto with a CA and certificates made by the test, client certificates
/// required (their CN is the user name the ACL knows), and an ACL that confines each unit to its
/// own topics. Every failure is loud and names its cause; nothing ever goes in clear text.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private const string Acl = """
        user unit-7
        topic write alpr/il-chicago-pd/unit-7/read
        topic write alpr/il-chicago-pd/unit-7/hit
        topic write alpr/il-chicago-pd/unit-7/hit-disposition
        topic write alpr/il-chicago-pd/unit-7/status
        topic write alpr/il-chicago-pd/unit-7/health
        topic write alpr/il-chicago-pd/unit-7/cmd-result
        topic read alpr/il-chicago-pd/hotlist/#
        topic read alpr/il-chicago-pd/unit-7/cmd

        user platform
        topic readwrite alpr/#
        topic readwrite probe/#
        """;

    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    [Fact]
    public async Task Mutual_TLS_with_the_configured_CA_delivers_and_the_ACL_refusal_keeps_the_item_queued()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(_certs.MutualTlsListener(), Acl);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.TlsUrl, Mutual);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform", _certs.PlatformClient());
        var hit = await unit.StoreHitAsync("STL3N1");
        using (UplinkService uplink = unit.Service())
        {
            await uplink.DrainAsync(CancellationToken.None);
        }

        var got = await platform.WaitForAsync(
            m => m.Any(x => x.Topic == unit.Topics.Read),
            TimeSpan.FromSeconds(10),
            "the read over TLS: " + broker.Log()
        );
        Assert.Contains(got, m => m.Topic == unit.Topics.Hit && m.Json.GetProperty("id").GetGuid() == hit.HitIds[0]);

        // This ACL gives the unit no audit topic: the broker's PUBACK says "not authorised", so the
        // audit events stay in the outbox with that reason instead of being marked forwarded.
        Assert.DoesNotContain(got, m => m.Topic == unit.Topics.Audit);
        IReadOnlyList<OutboxItem> left = unit.Store.Outbox.OutboxItems(100);
        Assert.NotEmpty(left);
        Assert.All(left, i => Assert.Equal(OutboxKind.Audit, i.Kind));
        Assert.All(left, i => Assert.Contains("NotAuthorized", i.LastError, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broker_certificate_from_another_CA_is_refused_with_a_clear_error_and_no_plain_text()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(_certs.MutualTlsListener(), Acl);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.TlsUrl, o =>
        {
            Mutual(o);
            o.CaFile = _certs.OtherCaFile;
        });
        await unit.StoreReadsAsync(2);
        using UplinkService uplink = unit.Service();
        var error = await Assert.ThrowsAsync<UplinkConnectException>(() => uplink.DrainAsync(CancellationToken.None));

        Assert.Contains("does not chain to the configured CA", error.Message, StringComparison.Ordinal);
        Assert.Contains("no fallback to plain text", error.Message, StringComparison.Ordinal);
        Assert.True(error.NeedsAttention);
        Assert.Equal(3, unit.Store.Outbox.Backlog().Items); // two reads and the store's own audit event, all still queued
        Assert.DoesNotContain("New client connected", broker.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_broker_certificate_is_refused()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(_certs.MutualTlsListener(expiredServer: true), Acl);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.TlsUrl, Mutual);
        using UplinkService uplink = unit.Service();
        var error = await Assert.ThrowsAsync<UplinkConnectException>(() => uplink.DrainAsync(CancellationToken.None));
        Assert.Contains("the broker's certificate (CN=localhost) expired on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_client_certificate_is_refused_before_anything_is_sent()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(_certs.MutualTlsListener(), Acl);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.TlsUrl, o =>
        {
            Mutual(o);
            o.ClientCertificateFile = _certs.ExpiredClientCertFile;
            o.ClientKeyFile = _certs.ExpiredClientKeyFile;
        });
        using UplinkService uplink = unit.Service();
        var error = await Assert.ThrowsAsync<UplinkConnectException>(() => uplink.DrainAsync(CancellationToken.None));
        Assert.Contains("client certificate", error.Message, StringComparison.Ordinal);
        Assert.Contains("expired on", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("New client connected", broker.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_that_does_not_accept_the_client_certificate_ends_the_handshake_loudly()
    {
        using var strangers = new TestCertificates();
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(_certs.MutualTlsListener(), Acl);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.TlsUrl, o =>
        {
            Mutual(o);
            o.ClientCertificateFile = strangers.ClientCertFile;
            o.ClientKeyFile = strangers.ClientKeyFile;
        });
        using UplinkService uplink = unit.Service();
        var error = await Assert.ThrowsAsync<UplinkConnectException>(() => uplink.DrainAsync(CancellationToken.None));
        Assert.True(error.Message.Contains("TLS handshake with", StringComparison.Ordinal), error.ToString());
        Assert.Contains("client certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_certificate_for_clients_only_is_refused_with_its_purpose_named_and_nothing_delivered()
    {
        // The attack: a certificate from the platform's CA, with the broker's name, but issued for a client (as a
        // platform publisher's is). Before, the pinned-CA chain set no purpose and the unit delivered to it.
        (string cert, string key) = await _certs.IssueWithOpenSslAsync("client-only-broker", "CN=localhost", "clientAuth");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(_certs.MutualTlsListener(cert, key), Acl);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.TlsUrl, Mutual);
        await unit.StoreReadsAsync(2);
        using UplinkService uplink = unit.Service();
        var error = await Assert.ThrowsAsync<UplinkConnectException>(() => uplink.DrainAsync(CancellationToken.None));

        Assert.Contains(
            "the broker's certificate (CN=localhost) is not for TLS servers (extended key usage: clientAuth only)",
            error.Message,
            StringComparison.Ordinal
        );
        Assert.True(error.NeedsAttention);
        Assert.Equal(3, unit.Store.Outbox.Backlog().Items); // two reads and the store's own audit event, all still queued
        Assert.DoesNotContain("New client connected", broker.Log(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serverAuth")]
    [InlineData("serverAuth,clientAuth")]
    [InlineData(null)] // no extended key usage at all: any purpose, as RFC 5280 and TLS stacks take it
    public async Task A_broker_certificate_made_with_openssl_for_servers_or_for_any_purpose_delivers(string? usage)
    {
        (string cert, string key) = await _certs.IssueWithOpenSslAsync("broker", "CN=localhost", usage);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(_certs.MutualTlsListener(cert, key), Acl);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.TlsUrl, Mutual);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform", _certs.PlatformClient());
        await unit.StoreReadsAsync(1);
        using (UplinkService uplink = unit.Service())
        {
            await uplink.DrainAsync(CancellationToken.None);
        }

        await platform.WaitForAsync(m => m.Any(x => x.Topic == unit.Topics.Read), TimeSpan.FromSeconds(10), "the read over TLS: " + broker.Log());
    }

    [Fact]
    public async Task A_client_certificate_not_for_clients_is_warned_about_once_at_start_and_the_broker_decides()
    {
        (string cert, string key) = await _certs.IssueWithOpenSslAsync("server-only-client", "CN=unit-7", "serverAuth");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(_certs.MutualTlsListener(), Acl);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.TlsUrl, o =>
        {
            Mutual(o);
            o.ClientCertificateFile = cert;
            o.ClientKeyFile = key;
        });
        var log = new CapturedLog<UplinkService>();
        using (var uplink = new UplinkService(unit.Store, unit.HotList, unit.Options, TimeProvider.System, log))
        {
            // Mosquitto (OpenSSL) checks the purpose of client certificates and ends the handshake.
            await Assert.ThrowsAsync<UplinkConnectException>(() => uplink.DrainAsync(CancellationToken.None));
        }

        string warning = $"Warning Uplink: the client certificate {cert} (CN=unit-7) is not for TLS clients (extended key usage: serverAuth only)";
        Assert.Equal(1, log.Text.Split('\n').Count(l => l.StartsWith(warning, StringComparison.Ordinal)));

        // The proper client certificate draws no such warning.
        var quiet = new CapturedLog<UplinkService>();
        Mutual(unit.Options);
        using (new UplinkService(unit.Store, unit.HotList, unit.Options, TimeProvider.System, quiet)) { }
        Assert.DoesNotContain("not for TLS clients", quiet.Text, StringComparison.Ordinal);
    }

    private void Mutual(UplinkOptions o)
    {
        o.CaFile = _certs.CaFile;
        o.ClientCertificateFile = _certs.ClientCertFile;
        o.ClientKeyFile = _certs.ClientKeyFile;
    }
}
