using EdgeAlpr.Alerts.Audio;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Hosting.Service;
using EdgeAlpr.HotLists;
using EdgeAlpr.Location;
using EdgeAlpr.Models;
using EdgeAlpr.Recognition;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink;
using EdgeAlpr.WebConsole;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting;

/// <summary>
/// Every settings section bound to an options class, so that a key none of them has stops the
/// start (<see cref="UnknownSettings"/>) instead of being ignored by the binder. A test checks
/// that every options class the host binds is here.
/// </summary>
public static class SettingsSections
{
    public static IReadOnlyList<(string Section, Type Options)> All { get; } =
    [
        ("Models", typeof(ModelStoreOptions)),
        (RecognitionOptions.Section, typeof(RecognitionOptions)),
        (HotListOptions.Section, typeof(HotListOptions)),
        (StoreOptions.Section, typeof(StoreOptions)),
        (LocationOptions.Section, typeof(LocationOptions)),
        (AlertOptions.Section, typeof(AlertOptions)),
        (AudioOptions.Section, typeof(AudioOptions)),
        (GpioOptions.Section, typeof(GpioOptions)),
        (UplinkOptions.Section, typeof(UplinkOptions)),
        (AgentOptions.Section, typeof(AgentOptions)),
        (PeopleOptions.Section, typeof(PeopleOptions)),
        (ConsoleOptions.Section, typeof(ConsoleOptions)),
    ];

    /// <summary>
    /// For each section whose options class these services bind, a check at start for keys it does not have. The
    /// <c>Agent</c> section is checked by <see cref="AgentOptionsValidator"/> already.
    /// </summary>
    public static void AddUnknownSettingsChecks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        Check<ModelStoreOptions>(services, configuration, "Models");
        Check<RecognitionOptions>(services, configuration, RecognitionOptions.Section);
        Check<HotListOptions>(services, configuration, HotListOptions.Section);
        Check<StoreOptions>(services, configuration, StoreOptions.Section);
        Check<LocationOptions>(services, configuration, LocationOptions.Section);
        Check<AlertOptions>(services, configuration, AlertOptions.Section);
        Check<AudioOptions>(services, configuration, AudioOptions.Section);
        Check<GpioOptions>(services, configuration, GpioOptions.Section);
        Check<UplinkOptions>(services, configuration, UplinkOptions.Section);
        Check<PeopleOptions>(services, configuration, PeopleOptions.Section);
        Check<ConsoleOptions>(services, configuration, ConsoleOptions.Section);
    }

    /// <summary>Whether <paramref name="services"/> bind <paramref name="options"/> from configuration.</summary>
    public static bool Binds(IServiceCollection services, Type options) =>
        services.Any(d => d.ServiceType == typeof(IOptionsChangeTokenSource<>).MakeGenericType(options));

    private static void Check<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        // Only what this command binds: a command without the uplink does not judge the Uplink section.
        if (!Binds(services, typeof(T)))
        {
            return;
        }

        string[] elsewhere =
        [
            .. All.Where(s => s.Section.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase)).Select(s => s.Section[(section.Length + 1)..]),
        ];
        IConfigurationSection bound = configuration.GetSection(section);
        services.AddSingleton<IValidateOptions<T>>(new UnknownSettingsValidator<T>(bound, elsewhere));
        services.AddOptions<T>().ValidateOnStart();
    }

    private sealed class UnknownSettingsValidator<T>(IConfigurationSection section, string[] boundElsewhere) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            IReadOnlyList<string> problems = UnknownSettings.Find(section, typeof(T), boundElsewhere).Problems;
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
