using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Core.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.WebConsole;

/// <summary>Registers the web console in the agent: its settings (validated at start), its use cases, and the server.</summary>
public static class WebConsoleServices
{
    /// <param name="services">
    /// The agent's services; they must hold <c>SignIn</c>, <c>IAuditLog</c>, <c>IReadSearch</c>, <c>IReadStore</c>,
    /// <c>IRetention</c>, <c>IDisseminationLog</c>, <c>IReleaseRequests</c>, <c>IPackageSealers</c>, <c>IUserStore</c>,
    /// <c>IPasswordHasher</c>, <c>IStoreAdministration</c>, the agency's <c>UsePolicy</c>, <c>IUnitHealth</c>, <c>IHotLists</c>,
    /// <c>Shift</c>, a <see cref="ConsoleUnit"/> and a <c>TimeProvider</c>.
    /// </param>
    /// <param name="configuration">The agent's configuration; the <c>Console</c> section is read.</param>
    /// <param name="stateDirectory">Where the generated certificate is kept (the host puts it beside the store).</param>
    public static IServiceCollection AddWebConsole(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, string> stateDirectory
    )
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>());
        services.TryAddSingleton<ReviewAudit>();
        services.TryAddSingleton<WatchReads>();
        services.TryAddSingleton(sp => new ViewReadImages(
            sp.GetRequiredService<IReadStore>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<TimeProvider>()
        ));
        services.TryAddSingleton<DecideHit>();
        services.TryAddSingleton(sp => new SearchReads(
            sp.GetRequiredService<IReadSearch>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<UsePolicy>()
        ));
        services.TryAddSingleton(sp => new ReleaseEvidence(
            sp.GetRequiredService<IReadStore>(),
            sp.GetRequiredService<IRetention>(),
            sp.GetRequiredService<IDisseminationLog>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<UsePolicy>()
        ));
        services.TryAddSingleton<RequestRelease>();
        services.TryAddSingleton<DecideRelease>();
        services.TryAddSingleton<ViewReleases>();
        services.TryAddSingleton(sp => new AdministerUsers(
            sp.GetRequiredService<IUserStore>(),
            sp.GetRequiredService<IPasswordHasher>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AdministerUsers>>()
        ));
        services.TryAddSingleton<InspectStore>();
        // Over the agent's own hot list (IHotLists is the instance the read path matches against), so a change is live at once.
        services.TryAddSingleton(sp => new EditHotList(
            sp.GetRequiredService<IHotLists>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<TimeProvider>()
        ));
        services.AddSingleton(sp => new ConsoleStateDirectory(stateDirectory(sp)));
        services.AddSingleton<ConsoleServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleServer>());
        return services;
    }
}
