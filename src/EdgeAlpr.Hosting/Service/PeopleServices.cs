using System.Globalization;
using EdgeAlpr.Application.People;
using EdgeAlpr.Passwords;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// The unit's people in the running agent: the accounts in the agent's own store, Argon2id hashes, and
/// <see cref="SignIn"/> with the configured lockout, for the hosts that sign people in (the web console).
/// </summary>
public static class PeopleServices
{
    public static IServiceCollection AddPeople(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        SignInOptions lockout = Lockout(configuration);
        services.AddSingleton<IPasswordHasher>(_ => new Argon2PasswordHasher());
        services.AddSingleton<IIdentityProvider>(sp => new LocalPasswords(sp.GetRequiredService<IPasswordHasher>()));
        services.AddSingleton(sp => sp.GetRequiredService<EvidenceStore>().Users);
        services.AddSingleton(sp => new SignIn(
            sp.GetRequiredService<IUserStore>(),
            sp.GetServices<IIdentityProvider>(),
            sp.GetRequiredService<EvidenceStore>().AuditLog,
            sp.GetRequiredService<TimeProvider>(),
            lockout,
            sp.GetRequiredService<ILogger<SignIn>>()
        ));
        return services;
    }

    /// <summary>The lockout rule from <c>People:MaxFailedSignIns</c> and <c>People:LockoutMinutes</c> (5 and 15 when unset).</summary>
    public static SignInOptions Lockout(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SignInOptions();
        if (configuration["People:MaxFailedSignIns"] is { Length: > 0 } failures)
        {
            options = options with { MaxFailures = Number(failures, "People:MaxFailedSignIns") };
        }

        if (configuration["People:LockoutMinutes"] is { Length: > 0 } minutes)
        {
            options = options with { LockoutDuration = TimeSpan.FromMinutes(Number(minutes, "People:LockoutMinutes")) };
        }

        return options.Problems() is { Count: > 0 } problems
            ? throw new FormatException($"configuration error: {string.Join("; ", problems)}")
            : options;
    }

    private static int Number(string text, string key) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"configuration error: {key} must be a whole number (is '{text}')");
}
