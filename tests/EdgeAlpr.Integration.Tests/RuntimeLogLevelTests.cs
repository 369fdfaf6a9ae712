using EdgeAlpr.Hosting;
using EdgeAlpr.Uplink.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The platform's log_level command on the real host: debug logging for a while, then the configured levels again.</summary>
public sealed class RuntimeLogLevelTests
{
    [Fact]
    public async Task Raising_the_log_level_enables_debug_for_the_given_time_only()
    {
        using IHost host = AgentHost.Build(new Dictionary<string, string?>(), logLevel: null);
        ILogger logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeAlpr.Uplink.UplinkService");
        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.True(logger.IsEnabled(LogLevel.Information));

        host.Services.GetRequiredService<ILogLevelControl>().Raise("debug", TimeSpan.FromMilliseconds(400));
        Assert.True(logger.IsEnabled(LogLevel.Debug));
        Assert.False(logger.IsEnabled(LogLevel.Trace));
        Assert.False(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.Hosting").IsEnabled(LogLevel.Debug));

        await Poll.WaitAsync(() => !logger.IsEnabled(LogLevel.Debug), TimeSpan.FromSeconds(10));

        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.True(logger.IsEnabled(LogLevel.Information));
    }
}
