using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Export;
using EdgeAlpr.HotLists;
using EdgeAlpr.Passwords;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink;
using EdgeAlpr.Uplink.Delivery;
using EdgeAlpr.WebConsole;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAlpr.Tools.Bench.ConsoleRig;

/// <summary>
/// The web console as the agent composes it, over a store of the bench's own: the same services handed in
/// (<c>AddWebConsole</c>), real Argon2id sign-in, HTTPS on a free loopback port; and a client that trusts exactly
/// its certificate.
/// </summary>
internal sealed class BenchConsole : IAsyncDisposable
{
    public const string Password = "bench-harbor-lantern-26";

    private readonly ServiceProvider _services;

    private BenchConsole(ServiceProvider services, ConsoleServer server)
    {
        _services = services;
        Server = server;
    }

    public ConsoleServer Server { get; }

    /// <summary>Adds an officer (<c>ofc.bench</c>) and an investigator (<c>det.bench</c>) to <paramref name="store"/>.</summary>
    public static void AddPeople(EvidenceStore store)
    {
        var administer = new AdministerUsers(store.Users, new Argon2PasswordHasher(), store.AuditLog, TimeProvider.System);
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(1));
        AuthenticatedUser admin = AuthenticatedUser.Of(
            administer.Bootstrap(new NewUser("adm.bench", "bench admin", [Role.Admin], "IL0160000", until), Password, "bench")
        );
        administer.Add(admin, new NewUser("ofc.bench", "bench officer", [Role.Officer], "IL0160000", until), Password);
        administer.Add(admin, new NewUser("det.bench", "bench investigator", [Role.Investigator], "IL0160000", until), Password);
    }

    public static async Task<BenchConsole> StartAsync(EvidenceStore store, string folder, CancellationToken cancellationToken)
    {
        string publicKey = Path.Combine(folder, "platform.pub.pem");
        using (var platform = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(publicKey, platform.ExportSubjectPublicKeyInfoPem(), cancellationToken).ConfigureAwait(false);
        }

        var hotList = new HotListService(
            new HotListOptions
            {
                Directory = Path.Combine(folder, "hotlist"),
                PublicKeyPath = publicKey,
                Agency = "IL0160000",
            },
            HotListCopyKey.From(RandomNumberGenerator.GetBytes(HotListCopyKey.Length)),
            TimeProvider.System,
            NullLogger<HotListService>.Instance
        );
        await hotList.LoadAsync(cancellationToken).ConfigureAwait(false);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Console:Port"] = $"{FreePort()}", ["Console:LocalSocket"] = "false" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddOpenedStore(store);
        services.AddSingleton<IUnitHealth>(
            new HealthReport(
                store.Outbox,
                store.Reads,
                hotList,
                new UplinkStatistics(),
                new UplinkOptions { DeviceId = "bench" },
                TimeProvider.System
            )
        );
        services.AddSingleton<IHotLists>(hotList);
        services.AddSingleton(new Shift(store.AuditLog, TimeProvider.System));
        services.AddSingleton(new ConsoleUnit("bench", "fixed", Covert: false));
        services.AddSingleton(UsePolicy.Default);
        services.AddSingleton<IPackageSealers, PackageSealers>();
        var hasher = new Argon2PasswordHasher();
        services.AddSingleton<IPasswordHasher>(hasher);
        services.AddSingleton(new SignIn(store.Users, [new LocalPasswords(hasher)], store.AuditLog, TimeProvider.System));
        services.AddWebConsole(configuration, _ => folder);
        ServiceProvider provider = services.BuildServiceProvider();
        ConsoleServer server = provider.GetRequiredService<ConsoleServer>();
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return new BenchConsole(provider, server);
    }

    /// <summary>A client signed in as <paramref name="login"/>, trusting exactly the console's certificate.</summary>
    public Task<HttpClient> SignedInAsync(string login, CancellationToken cancellationToken) =>
        SignedInAsync(Server.Address!, Server.Certificate!.RawData, login, cancellationToken);

    /// <summary>A client of the console at <paramref name="address"/>, trusting exactly <paramref name="trusted"/>, signed in as <paramref name="login"/>.</summary>
    public static async Task<HttpClient> SignedInAsync(Uri address, byte[] trusted, string login, CancellationToken cancellationToken)
    {
        var client = new HttpClient(
            new SocketsHttpHandler
            {
                UseCookies = false,
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                        presented is X509Certificate2 certificate
                        && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                        && certificate.RawData.AsSpan().SequenceEqual(trusted),
                },
            }
        )
        {
            BaseAddress = address,
        };
        using HttpResponseMessage signIn = await client
            .PostAsync(
                "/api/session",
                new StringContent($$"""{"user":"{{login}}","password":"{{Password}}"}""", System.Text.Encoding.UTF8, "application/json"),
                cancellationToken
            )
            .ConfigureAwait(false);
        if (signIn.StatusCode != HttpStatusCode.OK)
        {
            client.Dispose();
            throw new InvalidOperationException($"the bench's sign-in as {login} was answered {(int)signIn.StatusCode}");
        }

        string token = System
            .Text.Json.JsonDocument.Parse(await signIn.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))
            .RootElement.GetProperty("token")
            .GetString()!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
