using EdgeAlpr.TestKit.Broker;
using EdgeAlpr.Uplink.Transport;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// The broker password and the TLS client key come from owner-only files (or the environment),
/// are refused at start when others could read them, and never reach a log or an error message,
/// MQTTnet's own packet log included.
/// </summary>
public sealed class SecretTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _folder = Directory.CreateTempSubdirectory("edge-alpr-secret-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_password_reaches_the_broker_but_no_log_even_at_trace_level()
    {
        string password = "pw-" + Guid.NewGuid().ToString("N");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(passwords: $"unit-7:{password}\n");
        string passwordFile = Secret("password", password + "\n", OwnerOnly);
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url, o =>
        {
            o.Username = "unit-7";
            o.PasswordFile = passwordFile;
        });
        await unit.StoreReadsAsync(2);
        var log = new CapturedLog<UplinkService>();
        using (var uplink = new UplinkService(unit.Store, unit.HotList, unit.Options, TimeProvider.System, log))
        {
            await uplink.DrainAsync(CancellationToken.None);
        }

        Assert.Equal(0, unit.Store.Outbox.Backlog().Items);
        // MQTTnet logged its packets (the CONNECT among them) through the bridge, and the password is in none of them.
        Assert.Contains("MQTTnet MqttChannelAdapter: TX", log.Text, StringComparison.Ordinal);
        Assert.Contains("Connect: [ClientId=", log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, log.Text, StringComparison.Ordinal);

        // A wrong password: refused, and neither the error nor the log shows it.
        string wrong = "wrong-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(passwordFile, wrong + "\n");
        var refusedLog = new CapturedLog<UplinkService>();
        using var refused = new UplinkService(unit.Store, unit.HotList, unit.Options, TimeProvider.System, refusedLog);
        var error = await Assert.ThrowsAsync<UplinkConnectException>(() => refused.DrainAsync(CancellationToken.None));
        Assert.Contains("refused the connection", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, refusedLog.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_file_others_can_read_is_refused_at_start_and_at_connect()
    {
        string path = Secret("password", "s3cret-unit\n", WorldReadable);
        var options = Options(o =>
        {
            o.Username = "unit-7";
            o.PasswordFile = path;
            o.PasswordVariable = "EDGEALPR_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        });
        string problem = Assert.Single(UplinkOptionsValidator.Problems(options));
        Assert.Equal($"Uplink:PasswordFile: password file {path} is open to group or others (mode 644); run 'chmod 600 {path}'", problem);
        var error = Assert.Throws<UplinkConnectException>(() => UplinkSecrets.Password(options));
        Assert.True(error.NeedsAttention);
        Assert.DoesNotContain("s3cret-unit", error.Message, StringComparison.Ordinal);

        File.SetUnixFileMode(path, OwnerOnly);
        Assert.Empty(UplinkOptionsValidator.Problems(options));
        Assert.Equal("s3cret-unit", UplinkSecrets.Password(options));
    }

    [Fact]
    public void The_environment_wins_and_the_unused_file_is_not_judged()
    {
        string path = Secret("password", "from-file\n", WorldReadable);
        string variable = "EDGEALPR_TEST_MQTT_PASSWORD_" + Guid.NewGuid().ToString("N");
        var options = Options(o =>
        {
            o.Username = "unit-7";
            o.PasswordFile = path;
            o.PasswordVariable = variable;
        });
        Environment.SetEnvironmentVariable(variable, "from-environment");
        try
        {
            Assert.Empty(UplinkOptionsValidator.Problems(options));
            Assert.Equal("from-environment", UplinkSecrets.Password(options));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void A_client_key_others_can_read_is_refused_and_not_read()
    {
        using var certs = new TestCertificates();
        File.SetUnixFileMode(certs.ClientKeyFile, WorldReadable);
        var options = Options(o =>
        {
            o.Broker = "mqtts://platform:8883";
            o.CaFile = certs.CaFile;
            o.ClientCertificateFile = certs.ClientCertFile;
            o.ClientKeyFile = certs.ClientKeyFile;
        });
        string problem = Assert.Single(UplinkOptionsValidator.Problems(options));
        Assert.Equal(
            $"Uplink:ClientKeyFile: client key file {certs.ClientKeyFile} is open to group or others (mode 644); run 'chmod 600 {certs.ClientKeyFile}'",
            problem
        );

        File.SetUnixFileMode(certs.ClientKeyFile, OwnerOnly);
        Assert.Empty(UplinkOptionsValidator.Problems(options));
    }

    [Fact]
    public void Public_trust_files_may_be_read_by_all_but_changed_by_their_owner_only()
    {
        using var certs = new TestCertificates();
        var options = Options(o =>
        {
            o.Broker = "mqtts://platform:8883";
            o.CaFile = certs.CaFile;
            o.ClientCertificateFile = certs.ClientCertFile;
            o.ClientKeyFile = certs.ClientKeyFile;
        });
        Assert.Equal(WorldReadable, File.GetUnixFileMode(certs.CaFile));
        Assert.Empty(UplinkOptionsValidator.Problems(options));

        File.SetUnixFileMode(certs.CaFile, WorldReadable | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        File.SetUnixFileMode(options.CommandPublicKeyPath!, WorldReadable | UnixFileMode.OtherWrite);
        string all = string.Join("\n", UplinkOptionsValidator.Problems(options));
        Assert.Contains(
            $"Uplink:CaFile: CA file {certs.CaFile} is writable by group or others (mode 666), so anyone could replace it; run 'chmod go-w {certs.CaFile}'",
            all,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"Uplink:CommandPublicKeyPath: platform public key {options.CommandPublicKeyPath} is writable by group or others (mode 646)",
            all,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void A_password_written_into_the_broker_url_is_not_echoed()
    {
        var options = Options(o => o.Broker = "mqtts://unit-7:hunter2-secret@platform.example.gov:8883");
        string problem = Assert.Single(UplinkOptionsValidator.Problems(options));
        Assert.Contains("'mqtts://***@platform.example.gov:8883': a broker URL has only a host and a port", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);

        options.Broker = "mqtts://unit-7:hunter2-secret@platform:99999";
        Assert.DoesNotContain("hunter2", Assert.Single(UplinkOptionsValidator.Problems(options)), StringComparison.Ordinal);
    }

    private UplinkOptions Options(Action<UplinkOptions> configure)
    {
        string publicKey = Path.Combine(_folder, "platform.pub.pem");
        if (!File.Exists(publicKey))
        {
            using var platform = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            File.WriteAllText(publicKey, platform.ExportSubjectPublicKeyInfoPem());
            File.SetUnixFileMode(publicKey, WorldReadable);
        }

        var options = new UplinkOptions
        {
            Broker = "mqtt://127.0.0.1:1883",
            Agency = "il-chicago-pd",
            DeviceId = "unit-7",
            CommandPublicKeyPath = publicKey,
        };
        configure(options);
        return options;
    }

    private string Secret(string name, string text, UnixFileMode mode)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
