using EdgeAlpr.Uplink.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EdgeAlpr.Hosting;

/// <summary>
/// Lets the platform raise the agent's log level for a while without a restart: a rule for the
/// EdgeAlpr categories is laid over the configured ones and the logger factory is told to
/// re-read its filters; when the time is up the rule goes and the configured levels are back.
/// </summary>
public sealed class RuntimeLogLevel(TimeProvider time)
    : ILogLevelControl,
        IPostConfigureOptions<LoggerFilterOptions>,
        IOptionsChangeTokenSource<LoggerFilterOptions>,
        IDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();
    private LogLevel? _raised;
    private ITimer? _revert;

    public string? Name => Options.DefaultName;

    public LogLevel? Raised
    {
        get
        {
            lock (_gate)
            {
                return _raised;
            }
        }
    }

    public void Raise(string level, TimeSpan duration)
    {
        LogLevel parsed = level.ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "information" => LogLevel.Information,
            _ => throw new ArgumentException($"'{level}' is not trace, debug or information", nameof(level)),
        };
        lock (_gate)
        {
            _raised = parsed;
            _revert?.Dispose();
            _revert = time.CreateTimer(_ => Revert(), null, duration, Timeout.InfiniteTimeSpan);
        }

        Signal();
    }

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        LogLevel? raised = Raised;
        if (raised is { } level)
        {
            // Same category as the configured "EdgeAlpr" rule and added after it, so it is the one chosen.
            options.Rules.Add(new LoggerFilterRule(null, "EdgeAlpr", level, null));
            if (options.MinLevel > level)
            {
                options.MinLevel = level;
            }
        }
    }

    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _revert?.Dispose();
            _changed.Dispose();
        }
    }

    private void Revert()
    {
        lock (_gate)
        {
            _raised = null;
        }

        Signal();
    }

    private void Signal()
    {
        CancellationTokenSource old;
        lock (_gate)
        {
            old = _changed;
            _changed = new CancellationTokenSource();
        }

        old.Cancel();
        old.Dispose();
    }
}
