using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.HotLists;
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
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Console.Tests;

/// <summary>
/// A running console as the agent composes it: a real store, real sign-in over Argon2id (cheap parameters), the
/// real health report, the server on a free loopback port; and clients that trust exactly its certificate.
/// </summary>
internal sealed class ConsoleHarness : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly ServiceProvider _services;
    private readonly List<HttpClient> _clients = [];

    private readonly bool _ownsFolder;

    private ConsoleHarness(
        TempFolder folder,
        bool ownsFolder,
        EvidenceStore store,
        FakeTimeProvider clock,
        ServiceProvider services,
        ConsoleServer server
    )
    {
        _ownsFolder = ownsFolder;
        Folder = folder;
        Store = store;
        Clock = clock;
        _services = services;
        Server = server;
    }

    public TempFolder Folder { get; }

    public EvidenceStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public ConsoleServer Server { get; }

    /// <summary>The unit's shift, as the agent's in-cab buttons see it.</summary>
    public required Shift Shift { get; init; }

    /// <summary>The hot list the console changes, the one the agent's matcher would take each read against.</summary>
    public required HotListService HotList { get; init; }

    /// <summary>The platform's signing key, whose public half the unit trusts.</summary>
    public required ECDsa PlatformKey { get; init; }

    /// <summary>A full platform update of <paramref name="csv"/>, signed for the unit's agency.</summary>
    public byte[] SignPlatformUpdate(string csv, long version = 1) =>
        SignedUpdate.Create(UpdateKind.Full, "IL0160000", version, null, Clock.GetUtcNow(), System.Text.Encoding.UTF8.GetBytes(csv), PlatformKey);

    /// <summary>Hits on kept reads the hot list handed on (the agent's read path stores and raises them).</summary>
    public required List<HotListHit> RetroactiveHits { get; init; }

    public Uri Address => Server.Address!;

    public static async Task<ConsoleHarness> StartAsync(Dictionary<string, string?>? settings = null, TempFolder? folder = null)
    {
        bool owns = folder is null;
        folder ??= new TempFolder("edge-alpr-console-test-");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = EvidenceStore.Open(
            new StoreOptions
            {
                // Its own store each start (its key lives only in this run); the certificate is kept beside them.
                Directory = Path.Combine(folder.Path, "store-" + Guid.NewGuid().ToString("N")),
                MinFreeMegabytes = 0,
                SyncParallelism = 4,
            },
            StoreKey.Generate(),
            clock,
            NullLogger.Instance
        );
        var hasher = new Argon2PasswordHasher(new Argon2Parameters(MemoryKiB: 64, Iterations: 1, Parallelism: 1));
        AddUser(store, hasher, clock, "ofc.lee", Role.Officer);
        AddUser(store, hasher, clock, "aud.kim", Role.Auditor);
        AddUser(store, hasher, clock, "inv.ray", Role.Investigator);
        AddUser(store, hasher, clock, "ofc.diaz", Role.Officer);
        AddUser(store, hasher, clock, "adm.roe", Role.Admin);
        AddUser(store, hasher, clock, "ofc.gone", Role.Officer, disabled: true);
        AddUser(store, hasher, clock, "inv.ada", Role.Investigator);
        AddUser(store, hasher, clock, "sup.ray", Role.Supervisor);
        AddUser(store, hasher, clock, "sup.max", Role.Supervisor);
        // Both roles: a supervisor who asks for a release must not be the one to approve it.
        AddUser(store, hasher, clock, "sgt.both", [Role.Investigator, Role.Supervisor], disabled: false);

        string publicKey = Path.Combine(folder.Path, "platform.pub.pem");
        var platform = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(publicKey, platform.ExportSubjectPublicKeyInfoPem());

        var hotList = new HotListService(
            new HotListOptions
            {
                Directory = Path.Combine(folder.Path, "hotlist-" + Guid.NewGuid().ToString("N")),
                PublicKeyPath = publicKey,
                Agency = "IL0160000",
            },
            HotListCopyKey.From(RandomNumberGenerator.GetBytes(HotListCopyKey.Length)),
            clock,
            NullLogger<HotListService>.Instance
        );
        await hotList.LoadAsync(CancellationToken.None);
        // As the agent's read path sets it: new entries are matched against the reads kept, and the hits handed on.
        var retroactive = new List<HotListHit>();
        hotList.History = store.Reads;
        hotList.RetroactiveHitsFound += hits =>
        {
            lock (retroactive)
            {
                retroactive.AddRange(hits);
            }
        };
        var health = new HealthReport(store.Outbox, store.Reads, hotList, new UplinkStatistics(), new UplinkOptions { DeviceId = "unit-7" }, clock);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?> { ["Console:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture) }
            )
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        services.AddOpenedStore(store);
        services.AddSingleton<IUnitHealth>(health);
        services.AddSingleton<IHotLists>(hotList);
        var shift = new Shift(store.AuditLog, clock);
        services.AddSingleton(shift);
        services.AddSingleton(new ConsoleUnit("unit-7", "patrol", Covert: false));
        services.AddSingleton(UsePolicy.Default);
        services.AddSingleton<IPackageSealers, PackageSealers>();
        services.AddSingleton(new SignIn(store.Users, [new LocalPasswords(hasher)], store.AuditLog, clock));
        services.AddSingleton<IPasswordHasher>(hasher);
        services.AddWebConsole(configuration, _ => folder.Path);
        ServiceProvider provider = services.BuildServiceProvider();
        ConsoleServer server = provider.GetRequiredService<ConsoleServer>();
        try
        {
            await server.StartAsync(CancellationToken.None);
        }
        catch
        {
            await provider.DisposeAsync();
            await store.DisposeAsync();
            throw;
        }

        return new ConsoleHarness(folder, owns, store, clock, provider, server)
        {
            Shift = shift,
            HotList = hotList,
            RetroactiveHits = retroactive,
            PlatformKey = platform,
        };
    }

    /// <summary>A client that trusts exactly the console's certificate, for the name it connects to.</summary>
    public HttpClient Client(bool cookies = false)
    {
        X509Certificate2 trusted = Server.Certificate!;
        var handler = new SocketsHttpHandler
        {
            UseCookies = cookies,
            CookieContainer = new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(trusted, certificate as X509Certificate2, errors),
            },
        };
        var client = new HttpClient(handler) { BaseAddress = Address };
        _clients.Add(client);
        return client;
    }

    public static bool Trusts(X509Certificate2 trusted, X509Certificate2? presented, SslPolicyErrors errors)
    {
        // The name must match (127.0.0.1 is in the certificate); the chain is built to the one certificate trusted.
        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    /// <summary>Signs in and answers the response (not checked).</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password = Password) =>
        client.PostAsJsonAsync("/api/session", new { user, password });

    /// <summary>A client signed in as <paramref name="user"/> with its bearer token.</summary>
    public async Task<HttpClient> BearerAsync(string user)
    {
        HttpClient client = Client();
        HttpResponseMessage response = await SignInAsync(client, user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject body = await Json(response);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)body["token"]!);
        return client;
    }

    public static async Task<JsonObject> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonArray> JsonArray(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

    public static string Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? (string)node! : node?.ToJsonString() ?? "";

    private static void AddUser(
        EvidenceStore store,
        Argon2PasswordHasher hasher,
        TimeProvider clock,
        string login,
        Role role,
        bool disabled = false
    ) => AddUser(store, hasher, clock, login, [role], disabled);

    private static void AddUser(EvidenceStore store, Argon2PasswordHasher hasher, TimeProvider clock, string login, Role[] roles, bool disabled) =>
        store.Users.Add(
            new UnitUser(
                login,
                login,
                roles,
                "IL0160000",
                DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(1),
                disabled,
                0,
                null,
                hasher.Hash(Password),
                clock.GetUtcNow(),
                "test",
                UserSources.Local
            )
        );

    public async ValueTask DisposeAsync()
    {
        foreach (HttpClient client in _clients)
        {
            client.Dispose();
        }

        await ((IHostedService)Server).StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        HotList.Dispose();
        PlatformKey.Dispose();
        await Store.DisposeAsync();
        if (_ownsFolder)
        {
            Folder.Dispose();
        }
    }
}
