using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EdgeAlpr.TestKit.Contract;

namespace EdgeAlpr.TestKit.Broker;

/// <summary>
/// The platform's side as an independent client: Debian's <c>mosquitto_sub</c> with a persistent
/// session (so what is published while it is away is kept for it), printing every message it is
/// handed, in order. Every message on a topic the unit sends on is checked against the contract's committed schema
/// (<see cref="ContractSchemas"/>, docs/mqtt-asyncapi.json) as it arrives, so every test that receives the unit's
/// messages checks them: reading the messages fails once one did not validate.
/// </summary>
public sealed class MosquittoSubscriber : IDisposable
{
    private readonly ConcurrentQueue<Received> _messages = new();
    private readonly Process _process;
    private readonly Task _reading;
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly bool _checked;

    private MosquittoSubscriber(Process process, bool contractChecked)
    {
        _process = process;
        _checked = contractChecked;
        _reading = Task.Run(ReadAsync);
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    public sealed record Received(string Topic, string Payload)
    {
        public JsonElement Json => JsonDocument.Parse(Payload).RootElement;
    }

    /// <summary>The messages so far; throws when one the unit sent breaks its contract's schema.</summary>
    public IReadOnlyList<Received> Messages
    {
        get
        {
            if (!_violations.IsEmpty)
            {
                throw new Xunit.Sdk.XunitException(
                    $"the unit sent messages its contract ({ContractSchemas.MqttPath}) does not allow:\n{string.Join('\n', _violations)}"
                );
            }

            return [.. _messages];
        }
    }

    /// <summary>
    /// Subscribes to <paramref name="filter"/>; returns once the subscription is in place (a probe message came through).
    /// <paramref name="connection"/>: TLS and credential arguments; <paramref name="output"/>: another print format than "topic payload".
    /// </summary>
    public static async Task<MosquittoSubscriber> StartAsync(
        MosquittoBroker broker,
        string filter,
        string clientId,
        string[]? connection = null,
        string[]? output = null
    )
    {
        connection ??= [];
        var start = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (
            string a in new[]
            {
                "-h",
                connection.Contains("--cafile") ? "localhost" : "127.0.0.1",
                "-p",
                broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-V",
                "mqttv5",
                "-q",
                "1",
                "-c",
                "-i",
                clientId,
                "-t",
                filter,
                "-t",
                "probe/" + clientId,
            }
                .Concat(output ?? ["-v"])
                .Concat(connection)
        )
        {
            start.ArgumentList.Add(a);
        }

        // Only the default "topic payload" lines can be checked; another format prints something else.
        var subscriber = new MosquittoSubscriber(Process.Start(start)!, output is null);
        var probe = new List<string>
        {
            "-h",
            connection.Contains("--cafile") ? "localhost" : "127.0.0.1",
            "-p",
            broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t",
            "probe/" + clientId,
            "-m",
            "probe",
            "-q",
            "1",
        };
        probe.AddRange(connection);
        DateTime until = DateTime.UtcNow.AddSeconds(15);
        while (!subscriber._messages.Any(m => m.Topic == "probe/" + clientId))
        {
            if (DateTime.UtcNow > until || subscriber._process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto_sub did not subscribe: {subscriber.Stderr}\n{broker.Log()}");
            }

            await ProcessRunner.RunCheckedAsync("mosquitto_pub", [.. probe]);
            await Task.Delay(100);
        }

        return subscriber;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public IReadOnlyList<Received> On(string topic) => Messages.Where(m => m.Topic == topic).ToList();

    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, TimeSpan timeout, string what)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (true)
        {
            IReadOnlyList<Received> now = Messages;
            if (done(now))
            {
                return now;
            }

            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException(
                    $"timed out after {timeout} waiting for {what}; {now.Count} messages received; mosquitto_sub said: {Stderr}"
                );
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _reading.Wait(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            Received message = space < 0 ? new Received(line, "") : new Received(line[..space], line[(space + 1)..]);
            if (_checked && ContractSchemas.CheckSent(message.Topic, message.Payload) is { Count: > 0 } problems)
            {
                string payload = message.Payload.Length > 2000 ? message.Payload[..2000] + "…" : message.Payload;
                _violations.Enqueue($"{message.Topic}: {string.Join("; ", problems)}\n  payload: {payload}");
            }

            _messages.Enqueue(message);
        }
    }
}
