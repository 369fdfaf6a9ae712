using EdgeAlpr.Application.ReadPath;
using Microsoft.Extensions.Hosting;

namespace EdgeAlpr.Tools.Demo;

/// <summary>Lets the demo's screen watch the agent it runs: its read path, once the host has made it.</summary>
internal sealed class DemoMonitor(ReadPathService pipeline, Action<ReadPathService> attach) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        attach(pipeline);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
