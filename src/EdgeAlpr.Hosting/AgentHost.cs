using EdgeAlpr.Alerts.Audio;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Hosting.Imaging;
using EdgeAlpr.HotLists;
using EdgeAlpr.Location;
using EdgeAlpr.Recognition;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink;
using EdgeAlpr.Uplink.Commands;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting;

/// <summary>
/// Builds the Generic Host each command runs in: configuration from <c>appsettings.json</c>
/// beside the binary, then <c>EDGEALPR_</c> environment variables (<c>EDGEALPR_Recognition__OcrModel</c>),
/// then command-line options; logs on stderr so stdout carries only results.
/// </summary>
public static class AgentHost
{
    public const string EnvironmentPrefix = "EDGEALPR_";

    /// <param name="overrides">Settings from the command line, over everything else.</param>
    /// <param name="logLevel">The minimum log level, or null for the configured one.</param>
    /// <param name="withUplink">Also the platform uplink's settings, validated at start (only commands that talk to the platform need them).</param>
    /// <param name="configFile">A unit's own settings file (<c>run --config</c>), over appsettings.json and under the environment.</param>
    /// <param name="configure">More services: the running agent's stages.</param>
    public static IHost Build(
        IReadOnlyDictionary<string, string?> overrides,
        LogLevel? logLevel,
        bool withUplink = false,
        string? configFile = null,
        Action<HostApplicationBuilder>? configure = null
    )
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings
            {
                Args = [],
                ContentRootPath = AppContext.BaseDirectory,
                ApplicationName = "edge-alpr",
            }
        );
        // The default builder also reads every environment variable unprefixed (Uplink__Broker) and the DOTNET_ ones
        // (DOTNET_Uplink__Broker): anything that can set a variable in the unit's environment could point it elsewhere
        // without its name saying so. Only EDGEALPR_ variables configure the agent; the host's own DOTNET_ settings
        // (environment name, content root) were read while the builder was made and keep their effect.
        foreach (IConfigurationSource source in builder.Configuration.Sources.OfType<EnvironmentVariablesConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(source);
        }

        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
            builder.Services.AddSingleton(new SettingsFile(Path.GetFullPath(configFile)));
        }

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddInMemoryCollection(overrides);

        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
        {
            // Under systemd: journald takes the priority from a <N> prefix and stamps the time itself.
            builder.Logging.AddSystemdConsole(o => o.IncludeScopes = false);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // The commands report start-up failures themselves, one clear line each.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (logLevel is { } level)
        {
            builder.Logging.SetMinimumLevel(level);
            builder.Logging.AddFilter("EdgeAlpr", level);
        }

        builder.Services.AddPlateRecognition(builder.Configuration);
        builder.Services.AddPictureOperations();
        builder.Services.AddHotLists(builder.Configuration);
        builder.Services.AddLiteDbStore(builder.Configuration);
        builder.Services.AddHotListComposition(builder.Configuration);
        builder.Services.AddRuntimeLogLevel();
        builder.Services.AddValidatedOptions<LocationOptions, LocationOptionsValidator>(builder.Configuration, LocationOptions.Section);
        builder.Services.AddValidatedOptions<AlertOptions, AlertOptionsValidator>(builder.Configuration, AlertOptions.Section);
        builder.Services.AddOptions<AudioOptions>().Bind(builder.Configuration.GetSection(AudioOptions.Section));
        builder.Services.AddValidatedOptions<GpioOptions, GpioOptionsValidator>(builder.Configuration, GpioOptions.Section);
        builder.Services.AddValidatedOptions<PeopleOptions, PeopleOptionsValidator>(builder.Configuration, PeopleOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<PeopleOptions>>().Value.CaseRules());
        if (withUplink)
        {
            builder.Services.AddMqttUplinkOptions(builder.Configuration);
        }

        configure?.Invoke(builder);
        builder.Services.AddUnknownSettingsChecks(builder.Configuration);
        // Last, so it covers every options class registered above: what `run` and `config check` both judge.
        builder.Services.AddSingleton(SettingsCheck.For(builder.Services));
        return builder.Build();
    }

    /// <summary>The log level the platform's <c>log_level</c> command raises for a while.</summary>
    public static IServiceCollection AddRuntimeLogLevel(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new RuntimeLogLevel(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ILogLevelControl>(sp => sp.GetRequiredService<RuntimeLogLevel>());
        services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>>(sp => sp.GetRequiredService<RuntimeLogLevel>());
        services.AddSingleton<IOptionsChangeTokenSource<LoggerFilterOptions>>(sp => sp.GetRequiredService<RuntimeLogLevel>());
        return services;
    }

    /// <summary>Binds an options class to its section and checks it with its validator when the host starts.</summary>
    internal static IServiceCollection AddValidatedOptions<TOptions, TValidator>(
        this IServiceCollection services,
        IConfiguration configuration,
        string section
    )
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services;
    }
}
