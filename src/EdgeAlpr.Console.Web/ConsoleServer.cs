using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.WebConsole.Certificates;
using EdgeAlpr.WebConsole.Endpoints;
using EdgeAlpr.WebConsole.Http;
using EdgeAlpr.WebConsole.LocalSocket;
using EdgeAlpr.WebConsole.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.WebConsole;

/// <summary>
/// The web console as one of the agent's hosted services: a small ASP.NET Core application of its own (no
/// settings files, no environment of its own) built at start, listening with Kestrel over HTTPS only, whose
/// endpoints reach the agent's own singletons: the same store instance (LiteDB is single-process), the same
/// clock, the same logs.
/// </summary>
/// <remarks>
/// To add a page: an endpoint file under <c>Endpoints/</c> with a <c>Map</c> method, listed in
/// <see cref="EndpointGroups"/>; the use cases it calls listed in <see cref="SharedServices"/>; a module under
/// <c>site/pages/</c> listed in <c>site/app.js</c>.
/// </remarks>
public sealed class ConsoleServer(
    IServiceProvider agent,
    IOptions<ConsoleOptions> options,
    ConsoleStateDirectory state,
    ILogger<ConsoleServer> logger
) : IHostedService, IAsyncDisposable
{
    /// <summary>Each group of endpoints, one file each.</summary>
    private static readonly Action<IEndpointRouteBuilder>[] EndpointGroups =
    [
        SessionEndpoints.Map,
        AuditEndpoints.Map,
        StatusEndpoints.Map,
        ReadEndpoints.Map,
        HitEndpoints.Map,
        ShiftEndpoints.Map,
        UnitEndpoints.Map,
        SearchEndpoints.Map,
        ReleaseEndpoints.Map,
        UserEndpoints.Map,
        StoreEndpoints.Map,
        HotListEndpoints.Map,
        SiteEndpoints.Map,
    ];

    /// <summary>What the endpoints may ask of the agent: its use cases, its ports, its clock. Nothing else crosses.</summary>
    private static readonly Type[] SharedServices =
    [
        typeof(SignIn),
        typeof(ReviewAudit),
        typeof(SearchReads),
        typeof(UsePolicy),
        typeof(RequestRelease),
        typeof(DecideRelease),
        typeof(ViewReleases),
        typeof(AdministerUsers),
        typeof(InspectStore),
        typeof(EditHotList),
        typeof(IHotLists),
        typeof(IPackageSealers),
        typeof(IUnitHealth),
        typeof(WatchReads),
        typeof(ViewReadImages),
        typeof(DecideHit),
        typeof(Shift),
        typeof(ConsoleUnit),
        typeof(IAuditLog),
        typeof(TimeProvider),
    ];

    private WebApplication? _app;

    /// <summary>Where the console listens once started (the port the system chose when the settings said 0 in a test).</summary>
    public Uri? Address { get; private set; }

    public X509Certificate2? Certificate { get; private set; }

    /// <summary>The agent's Unix socket, when it serves one.</summary>
    public string? SocketPath { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Validated here too (not only at the host's start), so a console started on its own refuses the same settings.
        ConsoleOptions settings = options.Value;
        TimeProvider time = agent.GetRequiredService<TimeProvider>();
        ILoggerFactory loggers = agent.GetRequiredService<ILoggerFactory>();
        bool https = settings.Port != 0;
        if (!https && !settings.LocalSocket)
        {
            return;
        }

        Certificate = https ? ConsoleCertificate.Load(settings, state.Path, time, logger) : null;
        // Checked by the validator only when the browser console is on; unused otherwise.
        IPAddress address = https ? IPAddress.Parse(settings.Address.Trim()) : IPAddress.Loopback;
        string? socket = settings.LocalSocket ? (settings.SocketPath?.Trim() ?? Path.Combine(state.Path, AgentSocket.FileName)) : null;
        if (socket is not null)
        {
            await AgentSocket.ClearStaleAsync(socket, cancellationToken).ConfigureAwait(false);
        }

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "edge-alpr-console" });
        builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
        foreach (Type shared in SharedServices)
        {
            builder.Services.AddSingleton(shared, agent.GetRequiredService(shared));
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new ReleaseFolder(state));
        builder.Services.AddSingleton(new SignInGate());
        builder.Services.AddSingleton(new SessionStore(time, agent.GetRequiredService<IAuditLog>(), settings));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        X509Certificate2? certificate = Certificate;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            if (certificate is not null)
            {
                kestrel.Listen(address, settings.Port, listen => listen.UseHttps(tls =>
                    {
                        tls.ServerCertificate = certificate;
                        tls.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    }));
            }

            if (socket is not null)
            {
                // Plain HTTP: the connection never leaves the machine, and the socket file's mode says who may connect.
                kestrel.ListenUnixSocket(socket);
            }
        });

        WebApplication app = builder.Build();
        app.Use(SecurityHeaders.Apply);
        app.Use(ErrorMapping.Apply);
        app.Use(SessionCheck.Apply);
        app.UseRouting();
        foreach (Action<IEndpointRouteBuilder> map in EndpointGroups)
        {
            map(app);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        if (socket is not null)
        {
            AgentSocket.Restrict(socket);
            SocketPath = socket;
            logger.LogInformation("local API on {Socket} for edge-alpr commands on this machine", socket);
        }

        if (certificate is null)
        {
            return;
        }

        int port = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()
            ?.Addresses.Where(a => a.StartsWith("https:", StringComparison.Ordinal))
            .Select(a => new Uri(a).Port)
            .FirstOrDefault()
            ?? settings.Port;
        Address = new UriBuilder(
            "https",
            address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString(),
            port
        ).Uri;
        logger.LogInformation("web console on {Address} (certificate SHA-256 {Thumbprint})", Address, ConsoleCertificate.Thumbprint(certificate));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        // Gone with the agent, so the CLI opens the store itself rather than knocking on a dead socket.
        if (SocketPath is not null && File.Exists(SocketPath))
        {
            File.Delete(SocketPath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }

        Certificate?.Dispose();
    }
}
