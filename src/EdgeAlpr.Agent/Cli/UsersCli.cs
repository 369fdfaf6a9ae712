using System.CommandLine;
using EdgeAlpr.Application.People;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Passwords;
using EdgeAlpr.Storage;
using EdgeAlpr.WebConsole.LocalSocket;
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
    /// Runs <paramref name="remote"/> through the running agent as the signed-in admin when the agent answers on its
    /// socket (it holds the store); else opens the store (made when <paramref name="create"/> and absent) and runs
    /// <paramref name="body"/> with the signed-in admin, or null when <c>--as</c> is not given (only bootstrap accepts
    /// that, and only with the agent stopped: nobody signs in for it).
    /// </summary>
    public Task<int> RunAsync(
        ParseResult parse,
        Func<People, AuthenticatedUser?, CancellationToken, Task<int>> body,
        Func<AgentLink, CancellationToken, Task<int>> remote,
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
            cancellationToken,
            (options, services, token) =>
                acting is null
                    ? RefuseWithoutAdminAsync(options, services, token)
                    : PersonCli.ViaAgentAsync(options, services, acting, password!, (agent, t) => UnknownUserAsync(remote, agent, t), token)
        );
    }

    /// <summary>Without <c>--as</c> nobody signs in, which the agent never serves: said plainly when it runs.</summary>
    private static async Task<int?> RefuseWithoutAdminAsync(StoreOptions options, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!await AgentSocket.AnswersAsync(PersonCli.SocketPath(options, services), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await Console
            .Error.WriteLineAsync(
                "edge-alpr: the agent is running and holds the store: sign in as an admin with --as ADMIN to manage users through it; the unit's first admin (made without --as) is made with the agent stopped"
            )
            .ConfigureAwait(false);
        return ExitCodes.UsageOrConfiguration;
    }

    /// <summary>An unknown user is a refused change, as on the store itself (exit 2), not a missing input.</summary>
    private static async Task<int> UnknownUserAsync(
        Func<AgentLink, CancellationToken, Task<int>> remote,
        AgentLink agent,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await remote(agent, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentAnswerException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: refused: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
    }
}
