using System.CommandLine;
using EdgeAlpr.Application.People;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Storage;
using EdgeAlpr.WebConsole.LocalSocket;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// How <c>store stats</c> and <c>store verify</c> reach the store: while the agent runs it holds the store, so they ask
/// it over its socket as a signed-in admin or auditor (<c>--as</c>; the agent checks the permission and audits a
/// refusal); with the agent stopped they open the store themselves as before, no sign-in needed (whoever can read
/// the store's key sees it anyway), and a person named with <c>--as</c> is signed in and checked the same way.
/// </summary>
internal sealed class StoreInspectionCli
{
    public StoreOptionsCli Store { get; } = new();

    public PersonCli Person { get; } =
        new("An admin or auditor who signs in: needed while the agent runs (the command asks it); with the agent stopped, optional");

    public void AddTo(Command command)
    {
        Store.AddTo(command);
        Person.AddTo(command);
    }

    /// <summary>
    /// Runs <paramref name="remote"/> through the running agent, else <paramref name="offline"/> on the store opened
    /// here with the signed-in person (null without <c>--as</c>); <paramref name="damaged"/> for a store that does not open.
    /// </summary>
    public Task<int> RunAsync(
        ParseResult parse,
        Func<EvidenceStore, AuthenticatedUser?, CancellationToken, Task<int>> offline,
        Func<AgentLink, CancellationToken, Task<int>> remote,
        CancellationToken cancellationToken,
        Func<StoreOptions, StoreKey, CancellationToken, Task<int>>? damaged = null
    )
    {
        (string? login, string? password, int? exit) = Person.Credentials(parse, required: false);
        if (exit is { } code)
        {
            return Task.FromResult(code);
        }

        return Store.RunAsync(
            parse,
            async (store, services, token) =>
            {
                try
                {
                    AuthenticatedUser? user = login is null ? null : PersonCli.SignInOn(store, services).Run(login, password!, PersonCli.Origin);
                    return await offline(store, user, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SignInRefusedException or AccessDeniedException)
                {
                    return await PersonCli.ReportAsync(ex).ConfigureAwait(false) ?? ExitCodes.UsageOrConfiguration;
                }
            },
            damaged,
            create: false,
            cancellationToken,
            (options, services, token) =>
                login is null
                    ? RefuseWhileAgentRunsAsync(
                        options,
                        services,
                        "the agent is running and holds the store: sign in with --as (an admin or auditor) to ask it",
                        token
                    )
                    : PersonCli.ViaAgentAsync(options, services, login, password!, remote, token)
        );
    }

    /// <summary>Exit code 2 after <paramref name="why"/> when the agent answers on its socket; null (go on offline) when not.</summary>
    public static async Task<int?> RefuseWhileAgentRunsAsync(
        StoreOptions options,
        IServiceProvider services,
        string why,
        CancellationToken cancellationToken
    )
    {
        if (!await AgentSocket.AnswersAsync(PersonCli.SocketPath(options, services), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await Console.Error.WriteLineAsync($"edge-alpr: store: {why}").ConfigureAwait(false);
        return ExitCodes.UsageOrConfiguration;
    }
}
