using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// Messages on the platform's topics that were refused — unsigned, badly signed, expired, replayed or misaddressed
/// commands, oversized or badly signed hot-list updates — audited in aggregate, so that a flood of them costs the
/// trail (fsynced, kept for years, forwarded) a bounded number of events instead of one each. Per topic and reason
/// code, the first refusal opens a window of <see cref="Window"/> and is audited at once (count 1), so a single
/// refusal is visible promptly; the rest of that window are counted and audited as one event when it ends, with
/// their count, first and last time, bytes, up to <see cref="MaxSamples"/> payload hashes and command ids, and the
/// answers not sent. A flood thus costs at most two <see cref="Action"/> events per topic and reason per window,
/// whatever its size. Windows end on a <see cref="TimeProvider"/> timer; <see cref="Flush"/> and
/// <see cref="Dispose"/> audit what is still counted, so nothing is lost at shutdown.
/// </summary>
public sealed class RefusedMessages : IDisposable
{
    public const string Action = "platform_messages_refused";

    public const string Actor = "platform";

    /// <summary>Payload hashes and command ids kept per event, at most.</summary>
    public const int MaxSamples = 5;

    /// <summary>The refusal's sentence is cut to this length in the event (it may quote what the sender wrote).</summary>
    public const int MaxMessageChars = 500;

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);

    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<(string Topic, string Reason), Tally> _open = [];
    private readonly Lock _gate = new();

    // Held while an event is written (taken before _gate where both are): Flush returns only once a window a timer
    // closed meanwhile is in the trail too.
    private readonly Lock _writing = new();
    private bool _disposed;

    public RefusedMessages(IAuditLog audit, TimeProvider time, ILogger logger, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _audit = audit;
        _time = time;
        _logger = logger;
        Window = window ?? DefaultWindow;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(window));
    }

    public TimeSpan Window { get; }

    /// <summary>Refusals counted and not yet audited, on <paramref name="topic"/> or on every topic.</summary>
    public int Pending(string? topic = null)
    {
        lock (_gate)
        {
            return _open.Values.Where(t => topic is null || t.Topic == topic).Sum(t => t.Count);
        }
    }

    /// <summary>Counts one refused message; true when it opened a window and was audited at once.</summary>
    public bool Record(RefusedMessage refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        DateTimeOffset now = _time.GetUtcNow();
        Tally? ended = null;
        Tally? first = null;
        lock (_gate)
        {
            (string, string) key = (refusal.Topic, refusal.Reason);
            if (_open.TryGetValue(key, out Tally? open) && now - open.OpenedAt >= Window)
            {
                // The window is over though its timer has not run yet: it ends here.
                _open.Remove(key);
                open.Timer?.Dispose();
                ended = open;
                open = null;
            }

            if (open is null)
            {
                first = new Tally(refusal.Topic, refusal.Reason, now, firstOfWindow: true);
                first.Add(refusal, now);
                if (!_disposed)
                {
                    var window = new Tally(refusal.Topic, refusal.Reason, now, firstOfWindow: false);
                    _open[key] = window;
                    window.Timer = _time.CreateTimer(_ => Close(window), null, Window, Timeout.InfiniteTimeSpan);
                }
            }
            else
            {
                open.Add(refusal, now);
            }
        }

        if (ended is { Count: > 0 })
        {
            Write(ended);
        }

        if (first is null)
        {
            RefusedMessagesLog.RefusedAgain(_logger, refusal.Topic, refusal.Reason, refusal.Message);
            return false;
        }

        RefusedMessagesLog.Refused(_logger, refusal.Topic, refusal.Reason, refusal.Message, Window.TotalSeconds);
        Write(first);
        return true;
    }

    /// <summary>Audits every window still open now, without waiting for its end.</summary>
    public void Flush()
    {
        lock (_writing)
        {
            List<Tally> open;
            lock (_gate)
            {
                open = [.. _open.Values];
                _open.Clear();
                foreach (Tally t in open)
                {
                    t.Timer?.Dispose();
                }
            }

            foreach (Tally t in open.Where(t => t.Count > 0))
            {
                WriteNow(t);
            }
        }
    }

    /// <summary>Audits what is counted; a refusal recorded afterwards is audited at once, alone.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        Flush();
    }

    private void Close(Tally window)
    {
        lock (_writing)
        {
            lock (_gate)
            {
                if (!_open.TryGetValue((window.Topic, window.Reason), out Tally? open) || !ReferenceEquals(open, window))
                {
                    return;
                }

                _open.Remove((window.Topic, window.Reason));
                window.Timer?.Dispose();
            }

            if (window.Count > 0)
            {
                WriteNow(window);
            }
        }
    }

    private void Write(Tally tally)
    {
        lock (_writing)
        {
            WriteNow(tally);
        }
    }

    private void WriteNow(Tally tally)
    {
        if (!tally.FirstOfWindow)
        {
            RefusedMessagesLog.Counted(_logger, tally.Count, tally.Topic, tally.Reason, tally.FirstAt, tally.LastAt, tally.AnswersDropped);
        }

        try
        {
            _audit.RecordAudit(Action, tally.Reason, tally.Details(Window), Actor);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RefusedMessagesLog.NotAudited(_logger, ex, tally.Count, tally.Topic, tally.Reason, ex.Message);
        }
    }

    /// <summary>The refusals of one topic and reason in one window (or the one that opened it).</summary>
    private sealed class Tally(string topic, string reason, DateTimeOffset openedAt, bool firstOfWindow)
    {
        private readonly List<string> _hashes = [];
        private readonly List<string> _commandIds = [];
        private string? _message;
        private long _bytes;

        public string Topic { get; } = topic;

        public string Reason { get; } = reason;

        public DateTimeOffset OpenedAt { get; } = openedAt;

        public bool FirstOfWindow { get; } = firstOfWindow;

        public ITimer? Timer { get; set; }

        public int Count { get; private set; }

        public int AnswersDropped { get; private set; }

        public DateTimeOffset FirstAt { get; private set; }

        public DateTimeOffset LastAt { get; private set; }

        public void Add(RefusedMessage refusal, DateTimeOffset at)
        {
            if (Count++ == 0)
            {
                FirstAt = at;
                _message = refusal.Message.Length > MaxMessageChars ? refusal.Message[..MaxMessageChars] + "…" : refusal.Message;
            }

            LastAt = at;
            _bytes += refusal.Bytes;
            AnswersDropped += refusal.AnswerDropped ? 1 : 0;
            Sample(_hashes, refusal.PayloadSha256);
            if (refusal.CommandId is { } id)
            {
                Sample(_commandIds, id.ToString());
            }
        }

        public Dictionary<string, object?> Details(TimeSpan window) =>
            new()
            {
                ["topic"] = Topic,
                ["reason"] = Reason,
                ["count"] = Count,
                ["first_at"] = FirstAt,
                ["last_at"] = LastAt,
                ["first_of_window"] = FirstOfWindow,
                ["window_s"] = window.TotalSeconds,
                ["bytes"] = _bytes,
                ["message"] = _message,
                ["payload_sha256"] = _hashes,
                ["command_ids"] = _commandIds,
                ["answers_dropped"] = AnswersDropped,
            };

        private static void Sample(List<string> samples, string value)
        {
            if (samples.Count < MaxSamples && !samples.Contains(value))
            {
                samples.Add(value);
            }
        }
    }
}
