using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAlpr.Tools.Demo;

/// <summary>
/// The platform's side of the demo: an MQTT client subscribed to everything the unit sends,
/// counting reads and hits by their ids (so a redelivery is not counted twice) and telling the
/// screen of each as it arrives.
/// </summary>
internal sealed class CentralSide : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentDictionary<string, byte> _reads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _hits = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _plates = [];
    private readonly ConcurrentBag<double> _hitLatencies = [];
    private long _messages;

    /// <summary>A read or hit arrived for the first time: (kind, the message).</summary>
    public event Action<string, JsonElement>? Received;

    public int Reads => _reads.Count;

    public int Hits => _hits.Count;

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>The plates of the reads received.</summary>
    public IEnumerable<string> ReadPlates => _plates;

    /// <summary>Milliseconds from each hit's creation on the unit (its created_at) to its arrival here: one clock, one machine.</summary>
    public IReadOnlyList<double> HitLatencies() => [.. _hitLatencies];

    public async Task ConnectAsync(DemoBroker broker, string topicPrefix, CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Interlocked.Increment(ref _messages);
            string topic = e.ApplicationMessage.Topic;
            string kind = topic[(topic.LastIndexOf('/') + 1)..];
            if (kind is "read" or "hit")
            {
                using JsonDocument doc = JsonDocument.Parse(e.ApplicationMessage.Payload);
                string id = doc.RootElement.GetProperty("id").GetString()!;
                if ((kind == "read" ? _reads : _hits).TryAdd(id, 0))
                {
                    if (kind == "read")
                    {
                        _plates.Add(doc.RootElement.GetProperty("plate").GetString()!);
                    }
                    else
                    {
                        _hitLatencies.Add((DateTimeOffset.UtcNow - doc.RootElement.GetProperty("created_at").GetDateTimeOffset()).TotalMilliseconds);
                    }

                    Received?.Invoke(kind, doc.RootElement.Clone());
                }
            }

            return Task.CompletedTask;
        };
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId("demo-platform")
            .Build();
        await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        await _client
            .SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"{topicPrefix}/#", MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
    }
}
