using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace EdgeAlpr.TestKit.Broker;

/// <summary>
/// The platform's side as an independent client: Debian's <c>mosquitto_sub</c> with a persistent
/// session (so what is published while it is away is kept for it), printing every message it is
/// handed, in order.
/// </summary>
public sealed class MosquittoSubscriber : IDisposable
{
    private readonly ConcurrentQueue<Received> _messages = new();
    private readonly Process _process;
    private readonly Task _reading;
    private readonly System.Text.StringBuilder _stderr = new();

    private MosquittoSubscriber(Process process)
    {
        _process = process;
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

    public IReadOnlyList<Received> Messages => [.. _messages];

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

        var subscriber = new MosquittoSubscriber(Process.Start(start)!);
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
            _messages.Enqueue(space < 0 ? new Received(line, "") : new Received(line[..space], line[(space + 1)..]));
        }
    }
}
