using System.Globalization;
using EdgeAlpr.Alerts.Audio;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Export;
using EdgeAlpr.HotLists;
using EdgeAlpr.Location;
using EdgeAlpr.Pipeline;
using EdgeAlpr.Recognition;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink;
using EdgeAlpr.Uplink.Delivery;
using EdgeAlpr.WebConsole;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// The running agent's composition: its settings, the evidence store it owns, and its stages as
/// hosted services. They start in this order and stop in the reverse: the uplink first up and
/// last down (it forwards what the read path flushes on its way out), then alerts, the read
/// path, and the services that only watch (retention, status, metrics, systemd).
/// </summary>
public static class AgentServices
{
    /// <summary>True when the settings name a platform broker: the agent then forwards; without one it keeps everything in its store.</summary>
    public static bool UplinkConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[$"{UplinkOptions.Section}:Broker"]);

    public static void AddEdgeAlprAgent(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        bool uplink = UplinkConfigured(builder.Configuration);
        UnknownSettings unknown = UnknownSettings.Find(builder.Configuration.GetSection(AgentOptions.Section), typeof(AgentOptions));
        if (!uplink)
        {
            // Without a broker the uplink's options are not bound, so not checked with the other sections; but a
            // misspelt Uplink:Broker is exactly what leaves the unit without its uplink, and no word said.
            UnknownSettings uplinkKeys = UnknownSettings.Find(builder.Configuration.GetSection(UplinkOptions.Section), typeof(UplinkOptions));
            unknown = new UnknownSettings([.. unknown.Problems, .. uplinkKeys.Problems]);
        }

        // On for any port but 0, so a bad one ("abc", -1) is bound and refused by the validator with its reason.
        string? consolePort = builder.Configuration[$"{ConsoleOptions.Section}:{nameof(ConsoleOptions.Port)}"];
        bool browser = !string.IsNullOrWhiteSpace(consolePort) && consolePort.Trim() != "0";
        // The API on the agent's Unix socket (for the CLI while the agent holds the store) is on unless turned off.
        bool console =
            browser
            || !string.Equals(
                builder.Configuration[$"{ConsoleOptions.Section}:{nameof(ConsoleOptions.LocalSocket)}"]?.Trim(),
                "false",
                StringComparison.OrdinalIgnoreCase
            );
        if (!console)
        {
            // Likewise: a misspelt Console:Port leaves the console off without a word.
            UnknownSettings consoleKeys = UnknownSettings.Find(builder.Configuration.GetSection(ConsoleOptions.Section), typeof(ConsoleOptions));
            unknown = new UnknownSettings([.. unknown.Problems, .. consoleKeys.Problems]);
        }

        services.AddSingleton(unknown);
        services.AddValidatedOptions<AgentOptions, AgentOptionsValidator>(builder.Configuration, AgentOptions.Section);
        services.AddSingleton(sp => new StartPermissions(sp.GetService<SettingsFile>()));
        services.AddSingleton<IValidateOptions<AgentOptions>>(sp => sp.GetRequiredService<StartPermissions>());
        services.AddSingleton<IValidateOptions<StoreOptions>>(sp => sp.GetRequiredService<StartPermissions>());
        services.AddSingleton<IValidateOptions<HotListOptions>>(sp => sp.GetRequiredService<StartPermissions>());

        // A damaged store must not stop the unit: unless the settings say otherwise, the agent repairs it and goes on.
        services.PostConfigure<StoreOptions>(store => store.RepairOnDamage ??= true);
        if (uplink)
        {
            // First of the hosted services, so it is last down: it forwards what the stages flush on their way out.
            services.AddMqttUplink(builder.Configuration);
        }

        // The host reads its options while it is being built, before settings are validated: take
        // the raw value (a bad one is reported by the validator, and the default applies meanwhile).
        string? shutdown = builder.Configuration[$"{AgentOptions.Section}:{nameof(AgentOptions.ShutdownTimeout)}"];
        TimeSpan shutdownTimeout =
            TimeSpan.TryParse(shutdown, CultureInfo.InvariantCulture, out TimeSpan parsed) && parsed > TimeSpan.Zero
                ? parsed
                : new AgentOptions().ShutdownTimeout;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdownTimeout);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AgentOptions>>().Value);
        services.AddSingleton(sp => new AgentIdentity(
            sp.GetRequiredService<AgentOptions>().EffectiveDeviceId(uplink ? sp.GetRequiredService<IOptions<UplinkOptions>>().Value.DeviceId : null),
            sp.GetRequiredService<AgentOptions>().Profile,
            uplink,
            sp.GetRequiredService<TimeProvider>().GetUtcNow()
        ));
        services.AddGpsLocation();
        services.AddSingleton(sp =>
            sp.GetRequiredService<IOptions<AlertOptions>>().Value.Policy(sp.GetRequiredService<IOptions<HotListOptions>>().Value.Policy())
        );
        services.AddReadPath(sp => sp.GetRequiredService<AgentOptions>().ReadPath(sp.GetRequiredService<AgentIdentity>()));
        services.AddCameraPipeline(sp =>
            sp.GetRequiredService<AgentOptions>().CameraPipeline(sp.GetRequiredService<AgentIdentity>()) with
            {
                MaxPicturePixels = sp.GetRequiredService<IOptions<RecognitionOptions>>().Value.MaxPicturePixels,
            }
        );
        services.AddSingleton<UplinkStatistics>();
        services.AddGpioPanel();
        services.AddAudioAlerts();
        services.AddSingleton<AgentHealthSource>();
        services.AddSingleton(sp => new HealthReport(
            sp.GetRequiredService<EvidenceStore>().Outbox,
            sp.GetRequiredService<EvidenceStore>().Reads,
            sp.GetRequiredService<HotListService>(),
            sp.GetRequiredService<UplinkStatistics>(),
            uplink
                ? sp.GetRequiredService<IOptions<UplinkOptions>>().Value
                : new UplinkOptions { DeviceId = sp.GetRequiredService<AgentIdentity>().DeviceId },
            sp.GetRequiredService<TimeProvider>(),
            () => sp.GetRequiredService<AgentHealthSource>().Build()
        ));
        // One health for every reader: the status page, /metrics.
        services.AddSingleton<IUnitHealth>(sp => sp.GetRequiredService<HealthReport>());
        // Before the stages, so it stops after them: the last checkpoint covers what they flushed.
        services.AddHostedService<AuditTrailService>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<ButtonDecisions>());
        services.AddHostedService(sp => sp.GetRequiredService<ReadPathService>());
        services.AddHostedService<RetentionWorker>();
        services.AddHostedService<StatusFileWriter>();
        if (builder.Configuration.GetValue<int>($"{AgentOptions.Section}:MetricsPort") > 0)
        {
            services.AddHostedService<MetricsEndpoint>();
        }

        if (console)
        {
            // Last of the stages, so first down: no one acts through it while the others stop. Beside the store,
            // not in it, the generated certificate survives a store rebuilt or repaired.
            services.AddPeople();
            services.AddSingleton(sp => new ConsoleUnit(
                sp.GetRequiredService<AgentIdentity>().DeviceId,
                sp.GetRequiredService<AgentIdentity>().Profile,
                sp.GetRequiredService<AlertPolicy>().Covert
            ));
            // An approval in the console seals with the supervisor's passphrase or a key made for it, by the export adapter.
            services.AddSingleton<IPackageSealers, PackageSealers>();
            services.AddWebConsole(builder.Configuration, sp =>
                Path.GetDirectoryName(Path.GetFullPath(sp.GetRequiredService<IOptions<StoreOptions>>().Value.Directory))!
            );
        }

        services.AddHostedService<SystemdNotify>();
    }
}
