using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.HotLists;

/// <summary>The hot list in a host: its settings, checked at start, and the service as itself and as <see cref="IHotLists"/>.</summary>
public static class HotListServices
{
    /// <summary>
    /// Binds <see cref="HotListOptions"/> to the <c>HotList</c> section, validated when the host
    /// starts, and registers <see cref="HotListService"/> (loaded by whoever first needs the list).
    /// The key of its fast-start copy is the <see cref="HotListCopyKey"/> the host registers; without
    /// one no copy is trusted or written.
    /// </summary>
    public static IServiceCollection AddHotLists(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HotListOptions>().Bind(configuration.GetSection(HotListOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HotListOptions>, HotListOptionsValidator>();
        services.AddSingleton(sp => new HotListService(
            sp.GetRequiredService<IOptions<HotListOptions>>().Value,
            sp.GetService<HotListCopyKey>() ?? HotListCopyKey.None("this host provides no store key"),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HotListService>>()
        ));
        services.TryAddSingleton<IHotLists>(sp => sp.GetRequiredService<HotListService>());
        return services;
    }
}
