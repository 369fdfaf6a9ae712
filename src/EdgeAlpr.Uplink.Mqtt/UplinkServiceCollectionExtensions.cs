using EdgeAlpr.Application.Ports;
using EdgeAlpr.Uplink.Commands;
using EdgeAlpr.Uplink.Delivery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Uplink;

/// <summary>The uplink's registration: what a host adds to forward to the platform over MQTT.</summary>
public static class UplinkServiceCollectionExtensions
{
    /// <summary>
    /// The uplink's settings (section <c>Uplink</c>), checked by <see cref="UplinkOptionsValidator"/> when the
    /// host starts: what commands that run the uplink themselves need (<c>uplink drain</c>, <c>bench uplink</c>).
    /// </summary>
    public static IServiceCollection AddMqttUplinkOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<UplinkOptions>().Bind(configuration.GetSection(UplinkOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UplinkOptions>, UplinkOptionsValidator>();
        return services;
    }

    /// <summary>
    /// The uplink as a hosted service: its settings (<see cref="AddMqttUplinkOptions"/>), its statistics, and
    /// <see cref="UplinkService"/>, also as the application's <see cref="IUplinkStatus"/>. It forwards from the
    /// application's ports, which the host registers (<see cref="IEvidenceStore"/> and <see cref="IHotLists"/>);
    /// it answers platform commands with <see cref="ILogLevelControl"/> and reports with <see cref="HealthReport"/>
    /// when the host has them. Add it before the stages that produce what it forwards: hosted services stop in
    /// the reverse order, so the uplink is last down and forwards what they flush on their way out.
    /// </summary>
    public static IServiceCollection AddMqttUplink(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMqttUplinkOptions(configuration);
        services.TryAddSingleton<UplinkStatistics>();
        services.AddSingleton(sp =>
        {
            return new UplinkService(
                sp.GetRequiredService<IEvidenceStore>(),
                sp.GetRequiredService<IHotLists>(),
                sp.GetRequiredService<IOptions<UplinkOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<UplinkService>>(),
                sp.GetService<ILogLevelControl>(),
                sp.GetRequiredService<UplinkStatistics>(),
                sp.GetService<HealthReport>()
            );
        });
        services.AddSingleton<IUplinkStatus>(sp => sp.GetRequiredService<UplinkService>());
        services.AddHostedService(sp => sp.GetRequiredService<UplinkService>());
        return services;
    }
}
