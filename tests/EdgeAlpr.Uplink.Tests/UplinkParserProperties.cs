using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts;
using EdgeAlpr.HotLists;
using EdgeAlpr.TestKit.Fuzzing;
using EdgeAlpr.Uplink.Commands;
using EdgeAlpr.Uplink.Delivery;
using EdgeAlpr.Uplink.Inbound;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// What arrives over MQTT is outside input. The command envelope opens or refuses with
/// <see cref="CommandRefusedException"/> (bodies damaged and signed again too, so they reach the
/// JSON and the policy), and the inbound processor handles any payload on any of its topics
/// without throwing: a message it threw on would not be acknowledged and would come back forever.
/// </summary>
public sealed class UplinkParserProperties : IAsyncLifetime, IDisposable
{
    private static readonly string[] Tokens =
    [
        "{",
        "}",
        "\"command\"",
        "\"signature\"",
        "\"name\"",
        "\"args\"",
        "\"id\"",
        "\"expires_at\"",
        "\"issued_at\"",
        "null",
        "true",
        "[]",
        "{}",
        "\"\"",
        "\"ping\"",
        "\"log_level\"",
        "\"purge\"",
        "\"resync_hotlist\"",
        "\"level\"",
        "\"minutes\"",
        "\"2026-12-01T10:00:00Z\"",
        "\"00000000-0000-0000-0000-000000000000\"",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    ];

    private UplinkHarness _unit = null!;
    private InboundProcessor _inbound = null!;
    private RefusedMessages _refusals = null!;
    private IMqttClient _client = null!;

    public async Task InitializeAsync()
    {
        // Not connected: replies fail and are logged, as when the link drops mid-command.
        _unit = await UplinkHarness.CreateAsync("mqtt://127.0.0.1:1", configureHotList: o => o.MaxUpdateBytes = 64 * 1024);
        _client = new MqttClientFactory().CreateMqttClient();
        var health = new HealthReport(
            _unit.Store.Outbox,
            _unit.Store.Reads,
            _unit.HotList,
            new UplinkStatistics(),
            _unit.Options,
            TimeProvider.System
        );
        _refusals = new RefusedMessages(_unit.Store.AuditLog, TimeProvider.System, NullLogger.Instance);
        _inbound = new InboundProcessor(
            _unit.Store.Retention,
            _unit.Store.AuditLog,
            _unit.HotList,
            _unit.Topics,
            new CommandPolicy(UplinkHarness.Agency, UplinkHarness.Device, TimeSpan.FromMinutes(10), TimeProvider.System),
            _unit.PlatformKey,
            health,
            null,
            _refusals,
            new AnswerLimit(UplinkOptions.DefaultRefusalAnswersPerMinute, TimeProvider.System),
            new InboundSpool(_unit.HotList, _unit.Topics),
            TimeProvider.System,
            NullLogger.Instance
        );
    }

    // What is still counted is audited in DisposeAsync, before the store closes; this only releases the timers.
    public void Dispose() => _refusals.Dispose();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _refusals.Dispose();
        await _unit.DisposeAsync();
    }

    [Property(MaxTest = 400)]
    public Property An_envelope_opens_to_a_whole_command_or_is_refused() => Prop.ForAll(Envelopes(), input => CleanParse.Check(
                input,
                () =>
                {
                    PlatformCommand command = CommandEnvelope.Open(input.Bytes, _unit.PlatformKey);
                    if (command.Name is null || command.Agency is null || command.DeviceId is null || command.Id == Guid.Empty)
                    {
                        throw new InvalidOperationException($"an opened command lacks a part: {command}");
                    }

                    new CommandPolicy(UplinkHarness.Agency, UplinkHarness.Device, TimeSpan.FromMinutes(10), TimeProvider.System).Check(command);
                },
                typeof(CommandRefusedException)
            ));

    [Property(MaxTest = 150)]
    public Property Any_payload_on_any_topic_is_handled_without_throwing_and_each_hot_list_one_is_audited_or_counted() =>
        Prop.ForAll(Payloads(), Gen.Elements(0, 1, 2).ToArbitrary(), (input, topic) => CleanParse.Check(input, () =>
            {
                string name = topic switch
                {
                    0 => _unit.Topics.Command,
                    1 => _unit.Topics.HotListFull,
                    _ => _unit.Topics.HotListDelta,
                };
                int accounted = HotListAccounted();
                var message = new MqttApplicationMessage { Topic = name, Payload = new ReadOnlySequence<byte>(input.Bytes) };
                _inbound.HandleAsync(_client, message, CancellationToken.None).GetAwaiter().GetResult();
                if (topic > 0 && HotListAccounted() != accounted + 1)
                {
                    throw new InvalidOperationException("a hot-list message was handled without being audited or counted");
                }
            }));

    /// <summary>Hot-list messages applied (one event each) or refused (counted: audited in aggregate, or still pending).</summary>
    private int HotListAccounted()
    {
        string[] topics = [_unit.Topics.HotListFull, _unit.Topics.HotListDelta];
        IReadOnlyList<Application.Evidence.StoredAuditEvent> trail = _unit.Store.AuditLog.AuditSince(DateTimeOffset.UtcNow.AddHours(-1));
        return trail.Count(e => e.Action == "hotlist_update")
            + trail
                .Where(e => e.Action == RefusedMessages.Action && topics.Contains(e.Details["topic"]!.GetValue<string>()))
                .Sum(e => e.Details["count"]!.GetValue<int>())
            + topics.Sum(t => _refusals.Pending(t));
    }

    private Arbitrary<FuzzInput> Envelopes()
    {
        PlatformCommand sample = CommandTests.Command(PlatformCommand.LogLevel, args: new() { ["level"] = "debug", ["minutes"] = "30" });
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(sample, Contracts.Wire.WireJson.Options);
        Gen<FuzzInput> resigned = Mutations.Of(body, Tokens).Select(Signed);
        return Gen.Frequency(
                (1, Mutations.RandomBytes()),
                (2, Mutations.Of(CommandEnvelope.Create(sample, _unit.PlatformKey), Tokens)),
                (5, resigned)
            )
            .ToArbitrary();
    }

    private Arbitrary<FuzzInput> Payloads()
    {
        byte[] full = SignedUpdate.Create(
            UpdateKind.Full,
            UplinkHarness.Agency,
            5,
            null,
            DateTimeOffset.UtcNow,
            "plate,state,category\nABC1234,IL,stolen\n"u8,
            _unit.PlatformKey
        );
        PlatformCommand ping = CommandTests.Command(PlatformCommand.Ping);
        return Gen.Frequency(
                (1, Mutations.RandomBytes()),
                (2, Mutations.Of(full)),
                (2, Mutations.Of(CommandEnvelope.Create(ping, _unit.PlatformKey), Tokens)),
                (2, Mutations.Of(JsonSerializer.SerializeToUtf8Bytes(ping, Contracts.Wire.WireJson.Options), Tokens).Select(Signed))
            )
            .ToArbitrary();
    }

    /// <summary>A damaged command body in a correctly signed envelope, so that it is read.</summary>
    private FuzzInput Signed(FuzzInput body)
    {
        byte[] signature = _unit.PlatformKey.SignData(body.Bytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        string envelope = $$"""{"command":"{{Convert.ToBase64String(body.Bytes)}}","signature":"{{Convert.ToBase64String(signature)}}"}""";
        return new FuzzInput(Encoding.UTF8.GetBytes(envelope), "signed: " + body.Made);
    }
}
