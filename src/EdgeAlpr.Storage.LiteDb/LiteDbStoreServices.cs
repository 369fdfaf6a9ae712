using EdgeAlpr.Application.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Storage;

/// <summary>The evidence store in a host: its settings, checked at start, and the store with each of its ports.</summary>
public static class LiteDbStoreServices
{
    /// <summary>Binds <see cref="StoreOptions"/> to the <c>Store</c> section and registers the store.</summary>
    public static IServiceCollection AddLiteDbStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddLiteDbStore(configuration.GetSection(StoreOptions.Section));
    }

    /// <summary>
    /// Binds <see cref="StoreOptions"/> to <paramref name="section"/>, validated when the host
    /// starts, and registers the store: opened on first use (so a command that never asks for it
    /// never locks it), one per container, closed with the container. Each port resolves to the
    /// same store's part. Other <see cref="IValidateOptions{StoreOptions}"/> may be added beside it.
    /// </summary>
    public static IServiceCollection AddLiteDbStore(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StoreOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddSingleton(sp =>
        {
            StoreOptions options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            return EvidenceStore.Open(
                options,
                StoreKey.Resolve(options),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<EvidenceStore>>()
            );
        });
        return services.AddStorePorts();
    }

    /// <summary>
    /// Registers a store opened already (a bench, a test's harness) and each of its ports, the same ones the agent's
    /// container gives its use cases. The container does not dispose it: whoever opened it closes it.
    /// </summary>
    public static IServiceCollection AddOpenedStore(this IServiceCollection services, EvidenceStore store)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        services.AddSingleton(store);
        return services.AddStorePorts();
    }

    private static IServiceCollection AddStorePorts(this IServiceCollection services)
    {
        services.AddSingleton<IEvidenceStore>(sp => sp.GetRequiredService<EvidenceStore>());
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().Reads);
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().Outbox);
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().AuditLog);
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().DisseminationLog);
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().ReleaseRequests);
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().Retention);
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().Search);
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().Administration);
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().Users);
        return services;
    }
}
