using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace EdgeAlpr.Tools.Demo;

/// <summary>
/// The demo's MQTT broker: MQTTnet's server in this process, on a free loopback port. The agent
/// reaches it over TCP exactly as it reaches a platform's broker, so the demo exercises the
/// real uplink (session, QoS 1, PUBACKs), not a shortcut.
/// </summary>
internal sealed class DemoBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private DemoBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public static async Task<DemoBroker> StartAsync(CancellationToken cancellationToken)
    {
        int port = FreePort();
        var factory = new MqttServerFactory();
        MqttServerOptions options = factory
            .CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .WithPersistentSessions()
            .Build();
        MqttServer server = factory.CreateMqttServer(options);
        await server.StartAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new DemoBroker(server, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }

    /// <summary>A loopback port nothing listens on (the probe's listener is closed on return).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
