using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Alerts.Gpio;

public static class GpioServices
{
    /// <summary>
    /// The in-cab panel as the application's <see cref="IAlertPanel"/>, on the board's GPIO
    /// (a <see cref="GpioControllerFactory"/> registered before or after replaces the real board).
    /// Needs <see cref="GpioOptions"/> bound and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddGpioPanel(this IServiceCollection services)
    {
        services.TryAddSingleton<GpioControllerFactory>(BoardGpio.Open);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GpioOptions>>().Value);
        services.AddSingleton<GpioAlertPanel>();
        services.AddSingleton<IAlertPanel>(sp => sp.GetRequiredService<GpioAlertPanel>());
        return services;
    }
}
