using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeAlpr.Application.ReadPath;

public static class ReadPathServices
{
    /// <summary>
    /// The agent's read path and alert stage: matching, alerting, storing, the alert dispatcher
    /// and the in-cab buttons' decisions. The host adds the adapters for the ports
    /// (<see cref="IReadSource"/>, <see cref="IHotLists"/>, <see cref="IReadStore"/>, <see cref="IOutbox"/>,
    /// <see cref="IAuditLog"/>, <see cref="IAlertPanel"/>, <see cref="IAlertSound"/>, <see cref="ILocationSource"/>),
    /// an <c>AlertPolicy</c> and a <see cref="TimeProvider"/>, and starts
    /// <see cref="AlertDispatcher"/>, <see cref="ButtonDecisions"/> and <see cref="ReadPathService"/> as hosted services in its order.
    /// </summary>
    public static IServiceCollection AddReadPath(this IServiceCollection services, Func<IServiceProvider, ReadPathOptions> options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ReadPathCounters>();
        services.AddSingleton<AlertQueue>();
        services.AddSingleton<AlertRaiser>();
        services.AddSingleton<ReadMatcher>();
        services.AddSingleton<ReadRecorder>();
        services.AddSingleton<ReadFlow>();
        services.AddSingleton<ReadPathService>();
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<ButtonDecisions>();
        // The officer on shift: the buttons' decisions are theirs; the console signs them on and off.
        services.AddSingleton<Shift>();
        return services;
    }
}
