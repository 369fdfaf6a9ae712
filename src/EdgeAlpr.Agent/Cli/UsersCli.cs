using System.CommandLine;
using EdgeAlpr.Application.People;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Passwords;
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

    public PersonCli Person { get; } =
        new("The admin who makes the change; signs in with the password from --password-file, EDGEALPR_PASSWORD, or the terminal");

    public void AddTo(Command command)
    {
        Store.AddTo(command);
        Person.AddTo(command);
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
        (string? acting, string? password, int? exit) = Person.Credentials(parse, required: false);
        if (exit is { } code)
        {
            return Task.FromResult(code);
        }

        return Store.RunAsync(
            parse,
            async (store, services, token) =>
            {
                TimeProvider time = services.GetRequiredService<TimeProvider>();
                var people = new People(
                    new AdministerUsers(
                        store.Users,
                        new Argon2PasswordHasher(),
                        store.AuditLog,
                        time,
                        services.GetRequiredService<ILogger<AdministerUsers>>()
                    ),
                    PersonCli.SignInOn(store, services),
                    time,
                    services
                );
                try
                {
                    AuthenticatedUser? admin = acting is null ? null : people.SignIn.Run(acting, password!, PersonCli.Origin);
                    return await body(people, admin, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SignInRefusedException or AccessDeniedException)
                {
                    return await PersonCli.ReportAsync(ex).ConfigureAwait(false) ?? ExitCodes.UsageOrConfiguration;
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
}
