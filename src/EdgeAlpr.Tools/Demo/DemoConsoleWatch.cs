using EdgeAlpr.WebConsole;
using Microsoft.Extensions.Hosting;

namespace EdgeAlpr.Tools.Demo;

/// <summary>
/// Tells the demo's screen where the agent's web console listens and which certificate it serves, once it is up:
/// registered after the console, so it starts after it.
/// </summary>
internal sealed class DemoConsoleWatch(ConsoleServer console, Action<ConsoleServer> started) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        started(console);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
