using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeAlpr.Contracts;
using EdgeAlpr.Uplink.Commands;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.Uplink.Tests;

public sealed class CommandPolicyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly ECDsa _platform = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _clock = new(Now);

    public void Dispose() => _platform.Dispose();

    [Fact]
    public void A_signed_command_opens_to_exactly_what_was_signed()
    {
        PlatformCommand command = Command("log_level", new() { ["level"] = "debug", ["minutes"] = "30" });
        PlatformCommand opened = CommandEnvelope.Open(CommandEnvelope.Create(command, _platform), _platform);
        Assert.Equal(command.Id, opened.Id);
        Assert.Equal(command.ExpiresAt, opened.ExpiresAt);
        Assert.Equal("30", opened.Arg("minutes"));
        Assert.Equal(("debug", TimeSpan.FromMinutes(30)), CommandPolicy.LogLevelArguments(opened));
    }

    [Fact]
    public void A_raw_r_s_signature_as_openssl_tools_may_give_is_accepted()
    {
        byte[] body = Encoding.UTF8.GetBytes(
            $$"""{"schema":1,"id":"{{Guid.NewGuid()}}","name":"ping","agency":"a","device_id":"d","issued_at":"2026-12-01T10:00:00Z","expires_at":"2026-12-01T10:05:00Z"}"""
        );
        byte[] signature = _platform.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        string envelope = new JsonObject
        {
            ["command"] = Convert.ToBase64String(body),
            ["signature"] = Convert.ToBase64String(signature),
        }.ToJsonString();
        Assert.Equal("ping", CommandEnvelope.Open(Encoding.UTF8.GetBytes(envelope), _platform).Name);
    }

    [Fact]
    public async Task A_command_signed_with_stock_openssl_as_the_contract_shows_is_accepted()
    {
        string folder = Directory.CreateTempSubdirectory("edge-alpr-openssl-").FullName;
        try
        {
            string key = Path.Combine(folder, "platform.key.pem");
            await File.WriteAllTextAsync(key, _platform.ExportPkcs8PrivateKeyPem());
            string json = Path.Combine(folder, "cmd.json");
            await File.WriteAllTextAsync(
                json,
                $$"""{"schema":1,"id":"{{Guid.NewGuid()}}","name":"resync_hotlist","agency":"il-chicago-pd","device_id":"unit-7","issued_at":"2026-12-01T10:00:00Z","expires_at":"2026-12-01T10:05:00Z"}"""
            );
            string signature = Path.Combine(folder, "cmd.sig");
            await ProcessRunner.RunCheckedAsync("openssl", "dgst", "-sha256", "-sign", key, "-out", signature, json);
            string envelope = new JsonObject
            {
                ["command"] = Convert.ToBase64String(await File.ReadAllBytesAsync(json)),
                ["signature"] = Convert.ToBase64String(await File.ReadAllBytesAsync(signature)),
            }.ToJsonString();
            PlatformCommand command = CommandEnvelope.Open(Encoding.UTF8.GetBytes(envelope), _platform);
            Policy().Check(command);
            Assert.Equal(PlatformCommand.ResyncHotList, command.Name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("{}", "'command' and 'signature' are required")]
    [InlineData("not json", "not a signed command envelope")]
    [InlineData("""{"command":"%%%","signature":"AAAA"}""", "not a signed command envelope")]
    public void Malformed_envelopes_are_refused(string payload, string reason)
    {
        var error = Assert.Throws<CommandRefusedException>(() => CommandEnvelope.Open(Encoding.UTF8.GetBytes(payload), _platform));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_platform_key_nothing_is_obeyed()
    {
        var error = Assert.Throws<CommandRefusedException>(() => CommandEnvelope.Open(CommandEnvelope.Create(Command("ping"), _platform), null));
        Assert.Contains("Uplink:CommandPublicKeyPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_bit_in_the_signature_is_refused()
    {
        JsonObject envelope = JsonNode.Parse(CommandEnvelope.Create(Command("ping"), _platform))!.AsObject();
        byte[] signature = Convert.FromBase64String(envelope["signature"]!.GetValue<string>());
        signature[^1] ^= 1;
        envelope["signature"] = Convert.ToBase64String(signature);
        var error = Assert.Throws<CommandRefusedException>(() => CommandEnvelope.Open(Encoding.UTF8.GetBytes(envelope.ToJsonString()), _platform));
        Assert.Contains("bad signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_checks_address_validity_and_replay()
    {
        CommandPolicy policy = Policy();
        PlatformCommand ping = Command("ping");
        policy.Check(ping);
        Assert.Contains("already received", Refused(policy, ping), StringComparison.Ordinal);
        Assert.Contains("not to this unit", Refused(policy, Command("ping") with { DeviceId = "unit-8" }), StringComparison.Ordinal);
        Assert.Contains("not to this unit", Refused(policy, Command("ping") with { Agency = "other-pd" }), StringComparison.Ordinal);
        Assert.Contains("expired", Refused(policy, Command("ping", issued: Now.AddMinutes(-6))), StringComparison.Ordinal);
        Assert.Contains(
            "is not a window of at most",
            Refused(policy, Command("ping") with { ExpiresAt = Now.AddHours(2) }),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "is not a window of at most",
            Refused(policy, Command("ping") with { ExpiresAt = Now.AddMinutes(-1) }),
            StringComparison.Ordinal
        );
        Assert.Contains("not valid yet", Refused(policy, Command("ping", issued: Now.AddMinutes(20))), StringComparison.Ordinal);
        Assert.Contains("unknown command 'reboot'", Refused(policy, Command("reboot")), StringComparison.Ordinal);
        Assert.Contains("level 'warning'", Refused(policy, Command("log_level", new() { ["level"] = "warning" })), StringComparison.Ordinal);
        Assert.Contains("minutes '600'", Refused(policy, Command("log_level", new() { ["minutes"] = "600" })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(5, false)]
    [InlineData(2.5, false)]
    [InlineData(2, true)]
    [InlineData(1, true)]
    [InlineData(0, true)]
    [InlineData(-4, true)]
    public void A_command_is_obeyed_only_once_its_window_has_begun_within_the_clock_skew(double minutesAhead, bool obeyed)
    {
        CommandPolicy policy = Policy();
        PlatformCommand command = Command("ping", issued: Now.AddMinutes(minutesAhead));
        if (obeyed)
        {
            policy.Check(command);
            return;
        }

        var error = Assert.Throws<CommandRefusedException>(() => policy.Check(command));
        Assert.Equal(CommandRefusal.NotYetValid, error.Code);
        Assert.Contains("not valid yet", error.Message, StringComparison.Ordinal);
        Assert.Contains("Uplink:CommandClockSkew", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clock_skew_is_the_policy_s_own_setting_and_a_command_refused_as_early_may_come_again_later()
    {
        CommandPolicy strict = new("il-chicago-pd", "unit-7", TimeSpan.FromMinutes(10), _clock, TimeSpan.Zero);
        PlatformCommand early = Command("ping", issued: Now.AddSeconds(30));
        Assert.Contains("not valid yet", Refused(strict, early), StringComparison.Ordinal);
        // Refused before admission, so its id is not spent: once its window begins it is obeyed.
        _clock.Advance(TimeSpan.FromSeconds(30));
        strict.Check(early);
        Assert.Contains("already received", Refused(strict, early), StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_remembered_from_before_a_restart_is_still_a_replay()
    {
        PlatformCommand ping = Command("ping");
        CommandPolicy policy = Policy();
        policy.Remember(ping.Id, ping.ExpiresAt);
        Assert.Contains("already received", Refused(policy, ping), StringComparison.Ordinal);
    }

    private CommandPolicy Policy() => new("il-chicago-pd", "unit-7", TimeSpan.FromMinutes(10), _clock);

    private static string Refused(CommandPolicy policy, PlatformCommand command) =>
        Assert.Throws<CommandRefusedException>(() => policy.Check(command)).Message;

    private static PlatformCommand Command(string name, Dictionary<string, string>? args = null, DateTimeOffset? issued = null)
    {
        DateTimeOffset at = issued ?? Now;
        return new PlatformCommand(1, Guid.CreateVersion7(), name, "il-chicago-pd", "unit-7", at, at.AddMinutes(5), args);
    }
}
