using System.CommandLine;
using EdgeAlpr.Application.People;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Hosting.Service;
using EdgeAlpr.Passwords;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// What every <c>users</c> subcommand shares: the store's options, the acting admin (<c>--as</c>) and their
/// password, signing them in, and turning a refusal into one clear message and exit code 2.
/// </summary>
internal sealed class UsersCli
{
    public StoreOptionsCli Store { get; } = new();

    public Option<string?> As { get; } =
        new("--as")
        {
            Description = "The admin who makes the change; signs in with the password from --password-file, EDGEALPR_PASSWORD, or the terminal",
        };

    public Option<string?> PasswordFile { get; } =
        new("--password-file") { Description = "Owner-only file with the acting admin's password (at bootstrap: the new admin's)" };

    public void AddTo(Command command)
    {
        Store.AddTo(command);
        command.Options.Add(As);
        command.Options.Add(PasswordFile);
    }

    /// <summary>The people a command acts through, on an open store.</summary>
    public sealed record People(AdministerUsers Administer, SignIn SignIn, TimeProvider Time, IServiceProvider Services);

    /// <summary>
    /// Opens the store (made when <paramref name="create"/> and absent) and runs <paramref name="body"/> with the
    /// signed-in admin, or null when <c>--as</c> is not given (only bootstrap accepts that).
    /// </summary>
    public Task<int> RunAsync(
        ParseResult parse,
        Func<People, AuthenticatedUser?, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken,
        bool create = false
    )
    {
        string? acting = parse.GetValue(As);
        // Asked before the store opens, so a slow typist does not hold its lock.
        string? password;
        try
        {
            password = acting is null ? null : PasswordInput.Read(parse.GetValue(PasswordFile), PasswordInput.Variable, $"password for {acting}: ");
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or FormatException or InvalidOperationException)
        {
            // A password file open to others or missing, or no terminal to ask on: said plainly, never with the secret.
            Console.Error.WriteLine($"edge-alpr: {ex.Message}");
            return Task.FromResult(ExitCodes.UsageOrConfiguration);
        }

        if (acting is not null && password is null)
        {
            Console.Error.WriteLine(
                $"edge-alpr: no password for {acting}: give --password-file, set {PasswordInput.Variable}, or type it at the terminal"
            );
            return Task.FromResult(ExitCodes.UsageOrConfiguration);
        }

        return Store.RunAsync(
            parse,
            async (store, services, token) =>
            {
                TimeProvider time = services.GetRequiredService<TimeProvider>();
                var hasher = new Argon2PasswordHasher();
                var people = new People(
                    new AdministerUsers(store.Users, hasher, store.AuditLog, time, services.GetRequiredService<ILogger<AdministerUsers>>()),
                    new SignIn(
                        store.Users,
                        [new LocalPasswords(hasher)],
                        store.AuditLog,
                        time,
                        Lockout(services.GetRequiredService<IConfiguration>()),
                        services.GetRequiredService<ILogger<SignIn>>()
                    ),
                    time,
                    services
                );
                try
                {
                    AuthenticatedUser? admin = acting is null ? null : people.SignIn.Run(acting, password!, $"cli as {CliUser.Name()}");
                    return await body(people, admin, token).ConfigureAwait(false);
                }
                catch (SignInRefusedException ex)
                {
                    await Console.Error.WriteLineAsync($"edge-alpr: sign-in refused: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConfiguration;
                }
                catch (AccessDeniedException ex)
                {
                    await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConfiguration;
                }
                catch (UserAdministrationException ex)
                {
                    foreach (string problem in ex.Problems)
                    {
                        await Console.Error.WriteLineAsync($"edge-alpr: refused: {problem}").ConfigureAwait(false);
                    }

                    return ExitCodes.UsageOrConfiguration;
                }
            },
            damaged: null,
            create,
            cancellationToken
        );
    }

    /// <summary>The lockout rule from <c>People:MaxFailedSignIns</c> and <c>People:LockoutMinutes</c> (5 and 15 when unset); the agent's console reads the same.</summary>
    public static SignInOptions Lockout(IConfiguration configuration) => PeopleServices.Lockout(configuration);
}
