using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Location;

/// <summary>The receiver the settings name, and the unit's location as the application's <see cref="ILocationSource"/>.</summary>
public static class GpsLocation
{
    /// <summary>The receiver the configuration names, if any.</summary>
    public static IGpsSource? Receiver(LocationOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Receiver switch
        {
            GpsReceiver.Gpsd => new GpsdClient(options.GpsdHost, options.GpsdPort, options.ReconnectMin, options.ReconnectMax, time, logger),
            GpsReceiver.Serial => new SerialNmeaSource(
                options.SerialPort,
                options.BaudRate,
                options.ReconnectMin,
                options.ReconnectMax,
                time,
                logger
            ),
            _ => null,
        };
    }

    /// <summary>The unit's location from the settings' receiver or fixed point; needs <see cref="LocationOptions"/> bound.</summary>
    public static IServiceCollection AddGpsLocation(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LocationOptions>>().Value);
        services.AddSingleton(sp =>
        {
            LocationOptions options = sp.GetRequiredService<LocationOptions>();
            TimeProvider time = sp.GetRequiredService<TimeProvider>();
            ILogger logger = sp.GetRequiredService<ILogger<UnitLocation>>();
            return new UnitLocation(options, Receiver(options, time, logger), time, logger);
        });
        services.AddSingleton<ILocationSource>(sp => sp.GetRequiredService<UnitLocation>());
        return services;
    }
}
