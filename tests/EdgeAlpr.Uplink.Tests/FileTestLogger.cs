using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>Logs to the file named by EDGEALPR_TEST_LOG when it is set (for looking into a failing test), else nowhere.</summary>
internal sealed class FileTestLogger<T> : ILogger<T>
{
    private static readonly string? Path = Environment.GetEnvironmentVariable("EDGEALPR_TEST_LOG");
    private static readonly Lock Gate = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => Path is not null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Path is null)
        {
            return;
        }

        lock (Gate)
        {
            File.AppendAllText(Path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {typeof(T).Name}: {formatter(state, exception)} {exception}\n");
        }
    }
}
