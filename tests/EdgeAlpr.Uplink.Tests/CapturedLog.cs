using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>Keeps every line logged at every level, exceptions included, for tests about what a log may never hold.</summary>
internal sealed class CapturedLog<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join('\n', _lines);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel} {formatter(state, exception)} {exception}");
}
