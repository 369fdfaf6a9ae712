using EdgeAlpr.Application.People;
using EdgeAlpr.Passwords;
using EdgeAlpr.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// The unit's people in the running agent: the accounts in the agent's own store, Argon2id hashes, and
/// <see cref="SignIn"/> with the configured lockout, for the hosts that sign people in (the web console).
/// </summary>
public static class PeopleServices
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher>(_ => new Argon2PasswordHasher());
        services.AddSingleton<IIdentityProvider>(sp => new LocalPasswords(sp.GetRequiredService<IPasswordHasher>()));
        services.AddSingleton(sp => new SignIn(
            sp.GetRequiredService<IUserStore>(),
            sp.GetServices<IIdentityProvider>(),
            sp.GetRequiredService<EvidenceStore>().AuditLog,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PeopleOptions>>().Value.SignIn(),
            sp.GetRequiredService<ILogger<SignIn>>()
        ));
        return services;
    }
}
