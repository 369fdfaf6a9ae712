namespace EdgeAlpr.Uplink.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("mqtts://platform.example.gov", "platform.example.gov", 8883, true)]
    [InlineData("mqtt://127.0.0.1:1884", "127.0.0.1", 1884, false)]
    [InlineData("mqtt://localhost", "localhost", 1883, false)]
    [InlineData("ssl://10.1.2.3:9000", "10.1.2.3", 9000, true)]
    public void Broker_urls_parse_to_host_port_and_tls(string url, string host, int port, bool tls)
    {
        BrokerAddress address = BrokerAddress.Parse(url);
        Assert.Equal(new BrokerAddress(host, port, tls), address);
    }

    [Theory]
    [InlineData("", "no broker is configured")]
    [InlineData("platform:1883", "is not a broker URL")]
    [InlineData("http://platform:1883", "scheme 'http' is not")]
    [InlineData("mqtts://user:pw@platform:8883", "credentials go in Uplink:Username")]
    [InlineData("mqtts://platform:8883/alpr", "only a host and a port")]
    public void Bad_broker_urls_say_what_is_wrong(string url, string problem)
    {
        Assert.False(BrokerAddress.TryParse(url, out _, out string? why));
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mqtt://127.0.0.1:1883", true)]
    [InlineData("mqtt://[::1]:1883", true)]
    [InlineData("mqtt://localhost:1883", true)]
    [InlineData("mqtt://10.0.0.5:1883", false)]
    public void Loopback_is_recognised(string url, bool loopback) => Assert.Equal(loopback, BrokerAddress.Parse(url).IsLoopback);

    [Fact]
    public void Topics_follow_the_contract()
    {
        var topics = new Topics("alpr", "il-chicago-pd", "unit-7");
        Assert.Equal("alpr/il-chicago-pd/unit-7/read", topics.Read);
        Assert.Equal("alpr/il-chicago-pd/unit-7/hit", topics.Hit);
        Assert.Equal("alpr/il-chicago-pd/unit-7/hit-disposition", topics.HitDisposition);
        Assert.Equal("alpr/il-chicago-pd/unit-7/status", topics.Status);
        Assert.Equal("alpr/il-chicago-pd/unit-7/health", topics.Health);
        Assert.Equal("alpr/il-chicago-pd/unit-7/audit", topics.Audit);
        Assert.Equal("alpr/il-chicago-pd/unit-7/cmd", topics.Command);
        Assert.Equal("alpr/il-chicago-pd/unit-7/cmd-result", topics.CommandResult);
        Assert.Equal("alpr/il-chicago-pd/unit-7/image/ab12", topics.Image("ab12"));
        Assert.Equal("alpr/il-chicago-pd/hotlist/full", topics.HotListFull);
        Assert.Equal("alpr/il-chicago-pd/hotlist/delta", topics.HotListDelta);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a+")]
    [InlineData("#")]
    [InlineData("")]
    [InlineData("unit 7")]
    public void A_topic_level_cannot_hold_separators_or_wildcards(string level)
    {
        Assert.NotNull(Topics.Problem(level));
        Assert.Throws<ArgumentException>(() => new Topics("alpr", level, "unit-7"));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(10, true)]
    [InlineData(10.5, false)]
    public void The_command_clock_skew_is_from_zero_to_the_longest_command_window(double minutes, bool valid)
    {
        var options = new UplinkOptions { Broker = "mqtt://127.0.0.1:1883", CommandClockSkew = TimeSpan.FromMinutes(minutes) };
        Assert.Equal(TimeSpan.FromMinutes(2), new UplinkOptions().CommandClockSkew);
        bool refused = UplinkOptionsValidator.Problems(options).Any(p => p.StartsWith("Uplink:CommandClockSkew", StringComparison.Ordinal));
        Assert.Equal(valid, !refused);
    }

    [Fact]
    public void The_validator_lists_every_problem_at_once()
    {
        var options = new UplinkOptions
        {
            Broker = "mqtt://platform.example.gov",
            Agency = "",
            DeviceId = "unit/7",
            CaFile = "/nonexistent/ca.pem",
            ClientCertificateFile = "/nonexistent/unit.pem",
            PasswordFile = "/nonexistent/pw",
            MaxInFlight = 0,
            ReconnectMin = TimeSpan.FromSeconds(10),
            ReconnectMax = TimeSpan.FromSeconds(1),
            MaxBytesPerSecond = 100,
            RefusalAnswersPerMinute = -1,
            CommandClockSkew = TimeSpan.FromMinutes(11),
        };
        List<string> problems = UplinkOptionsValidator.Problems(options);
        string all = string.Join("\n", problems);
        foreach (
            string expected in new[]
            {
                "plain text to another host",
                "Uplink:CaFile is set but",
                "Uplink:ClientCertificateFile is set but",
                "Uplink:Agency is required",
                "Uplink:DeviceId 'unit/7'",
                "Uplink:CaFile /nonexistent/ca.pem does not exist",
                "go together",
                "PasswordFile is set without Uplink:Username",
                "Uplink:MaxInFlight must be between 1",
                "ReconnectMax must not be below",
                "MaxBytesPerSecond below 1024",
                "Uplink:RefusalAnswersPerMinute must be between 0 and 600, got -1",
                "Uplink:CommandClockSkew must be between 0 and Uplink:CommandMaxAge (00:10:00), got 00:11:00",
            }
        )
        {
            Assert.Contains(expected, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unreadable_certificate_and_key_files_fail_at_start()
    {
        string folder = Directory.CreateTempSubdirectory("edge-alpr-options-").FullName;
        try
        {
            string garbage = Path.Combine(folder, "garbage.pem");
            File.WriteAllText(garbage, "this is not a certificate\n");
            string garbageKey = Path.Combine(folder, "garbage.key");
            File.WriteAllText(garbageKey, "this is not a key\n");
            File.SetUnixFileMode(garbageKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var options = new UplinkOptions
            {
                Broker = "mqtts://platform:8883",
                Agency = "a",
                DeviceId = "d",
                CaFile = garbage,
                ClientCertificateFile = garbage,
                ClientKeyFile = garbageKey,
                CommandPublicKeyPath = garbage,
            };
            string all = string.Join("\n", UplinkOptionsValidator.Problems(options));
            Assert.Contains($"Uplink:CaFile {garbage} holds no certificate", all, StringComparison.Ordinal);
            Assert.Contains("is not a PEM certificate and its key", all, StringComparison.Ordinal);
            Assert.Contains("Uplink:CommandPublicKeyPath:", all, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Plain_text_to_another_host_needs_an_explicit_setting()
    {
        var options = new UplinkOptions
        {
            Broker = "mqtt://10.0.0.5:1883",
            Agency = "a",
            DeviceId = "d",
        };
        Assert.Contains(UplinkOptionsValidator.Problems(options), p => p.Contains("plain text", StringComparison.Ordinal));
        options.AllowPlainText = true;
        Assert.Empty(UplinkOptionsValidator.Problems(options));
        Assert.Empty(
            UplinkOptionsValidator.Problems(
                new UplinkOptions
                {
                    Broker = "mqtts://platform:8883",
                    Agency = "a",
                    DeviceId = "d",
                }
            )
        );
    }
}
