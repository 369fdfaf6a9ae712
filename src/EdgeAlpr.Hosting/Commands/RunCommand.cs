using System.CommandLine;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Hosting.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Hosting.Commands;

/// <summary>
/// <c>edge-alpr run --config FILE</c>: the long-running agent, as systemd runs it on the unit:
/// cameras → recognition → tracking → hot-list matching → alerts → store → platform uplink.
/// </summary>
public static class RunCommand
{
    /// <summary>Where the install script puts the unit's settings.</summary>
    public const string DefaultConfig = "/etc/edge-alpr/edge-alpr.json";

    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = $"The unit's settings (JSON, as deploy/profiles/*.json); default {DefaultConfig} when it exists",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log details (and plates in full) on stderr" };
        var command = new Command(
            "run",
            "Run the agent: read plates from the configured cameras, match, alert, store and forward until stopped (SIGTERM)"
        );
        command.Options.Add(config);
        command.Options.Add(verbose);
        command.SetAction(
            (parse, ct) =>
            {
                string? file = parse.GetValue(config) ?? (File.Exists(DefaultConfig) ? DefaultConfig : null);
                if (file is not null && !File.Exists(file))
                {
                    Console.Error.WriteLine($"edge-alpr: configuration error: the settings file {Path.GetFullPath(file)} does not exist");
                    return Task.FromResult(ExitCodes.UsageOrConfiguration);
                }

                return RunAsync(file, new Dictionary<string, string?>(), parse.GetValue(verbose) ? LogLevel.Debug : null, configure: null, ct);
            }
        );
        return command;
    }

    /// <summary>
    /// The agent with these settings; <paramref name="configure"/> adds or replaces services (the demo's, the
    /// tests' simulated GPIO).
    /// </summary>
    public static Task<int> RunAsync(
        string? configFile,
        IReadOnlyDictionary<string, string?> overrides,
        LogLevel? logLevel,
        Action<HostApplicationBuilder>? configure,
        CancellationToken cancellationToken
    ) =>
        CommandRunner.RunHostAsync(
            () => Build(configFile, overrides, logLevel, configure),
            host =>
                host.Services.GetRequiredService<ReadPathService>().Cameras().Any(c => c.State == "failed")
                    ? ExitCodes.SomeInputsFailed
                    : ExitCodes.Ok,
            cancellationToken
        );

    public static IHost Build(
        string? configFile,
        IReadOnlyDictionary<string, string?> overrides,
        LogLevel? logLevel,
        Action<HostApplicationBuilder>? configure
    ) => AgentHost.Build(overrides, logLevel, withUplink: false, configFile, builder =>
        {
            builder.AddEdgeAlprAgent();
            configure?.Invoke(builder);
        });
}
