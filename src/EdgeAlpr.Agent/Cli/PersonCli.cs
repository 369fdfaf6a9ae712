using System.CommandLine;
using EdgeAlpr.Application.People;
using EdgeAlpr.Hosting;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Passwords;
using EdgeAlpr.Storage;
using EdgeAlpr.WebConsole.LocalSocket;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// The person a command acts for: <c>--as LOGIN</c> and their password (<c>--password-file</c>, <c>EDGEALPR_PASSWORD</c>,
/// or the terminal), signed in with the unit's <see cref="SignIn"/> use case (lockout, certification, audit) once the
/// store is open. Whoever runs the program (root, the service account) is only the origin of the attempt: the actor
/// the use cases audit is the person who signed in.
/// </summary>
internal sealed class PersonCli(string asDescription)
{
    public Option<string?> As { get; } = new("--as") { Description = asDescription };

    public Option<string?> PasswordFile { get; } =
        new("--password-file") { Description = $"Owner-only file with the password of --as (else {PasswordInput.Variable}, else the terminal)" };

    public void AddTo(Command command)
    {
        command.Options.Add(As);
        command.Options.Add(PasswordFile);
    }

    /// <summary>
    /// The login and password given, or an exit code after saying what is wrong. Asked before the store opens, so a
    /// slow typist does not hold its lock; <paramref name="required"/> false lets a command go on with nobody (bootstrap).
    /// </summary>
    public (string? Login, string? Password, int? Exit) Credentials(ParseResult parse, bool required)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string? acting = parse.GetValue(As);
        if (acting is null)
        {
            if (!required)
            {
                return (null, null, null);
            }

            Console.Error.WriteLine("edge-alpr: say who you are: --as LOGIN (your own account on this unit; shared accounts are not allowed)");
            return (null, null, ExitCodes.UsageOrConfiguration);
        }

        string? password;
        try
        {
            password = PasswordInput.Read(parse.GetValue(PasswordFile), PasswordInput.Variable, $"password for {acting}: ");
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or FormatException or InvalidOperationException)
        {
            // A password file open to others or missing, or no terminal to ask on: said plainly, never with the secret.
            Console.Error.WriteLine($"edge-alpr: {ex.Message}");
            return (acting, null, ExitCodes.UsageOrConfiguration);
        }

        if (password is null)
        {
            Console.Error.WriteLine(
                $"edge-alpr: no password for {acting}: give --password-file, set {PasswordInput.Variable}, or type it at the terminal"
            );
            return (acting, null, ExitCodes.UsageOrConfiguration);
        }

        return (acting, password, null);
    }

    /// <summary>The unit's sign-in on an open store, with the lockout rule of the settings.</summary>
    public static SignIn SignInOn(EvidenceStore store, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(services);
        return new SignIn(
            store.Users,
            [new LocalPasswords(new Argon2PasswordHasher())],
            store.AuditLog,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IOptions<PeopleOptions>>().Value.SignIn(),
            services.GetRequiredService<ILogger<SignIn>>()
        );
    }

    /// <summary>Where an attempt from this program comes from, for the audit trail.</summary>
    public static string Origin => $"cli as {CliUser.Name()}";

    /// <summary>Turns a refused sign-in or a missing permission into one clear line and exit code 2; null for anything else.</summary>
    public static async Task<int?> ReportAsync(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        switch (ex)
        {
            case SignInRefusedException refused:
                await Console.Error.WriteLineAsync($"edge-alpr: sign-in refused: {refused.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConfiguration;
            case AccessDeniedException denied:
                await Console.Error.WriteLineAsync($"edge-alpr: {denied.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConfiguration;
            default:
                return null;
        }
    }

    /// <summary>
    /// Signs the person in and runs the command as them: through the running agent when it answers on its socket and
    /// the command has a <paramref name="remote"/> form (the agent holds the store), else on the store opened here.
    /// </summary>
    public Task<int> RunAsync(
        StoreOptionsCli store,
        ParseResult parse,
        Func<EvidenceStore, AuthenticatedUser, IServiceProvider, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken,
        Func<AgentLink, CancellationToken, Task<int>>? remote = null
    )
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(body);
        (string? login, string? password, int? exit) = Credentials(parse, required: true);
        if (exit is { } code)
        {
            return Task.FromResult(code);
        }

        return store.RunAsync(
            parse,
            async (opened, services, token) =>
            {
                try
                {
                    AuthenticatedUser user = SignInOn(opened, services).Run(login!, password!, Origin);
                    return await body(opened, user, services, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SignInRefusedException or AccessDeniedException)
                {
                    return await ReportAsync(ex).ConfigureAwait(false) ?? ExitCodes.UsageOrConfiguration;
                }
            },
            damaged: null,
            create: false,
            cancellationToken,
            remote is null ? null : (options, services, token) => ViaAgentAsync(options, services, login!, password!, remote, token)
        );
    }

    /// <summary>The agent's socket for these settings: <c>Console:SocketPath</c>, else <c>agent.sock</c> beside the store.</summary>
    public static string SocketPath(StoreOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<IConfiguration>()["Console:SocketPath"] is { Length: > 0 } configured
            ? configured
            : AgentSocket.PathFor(options.Directory);
    }

    /// <summary>
    /// Through the agent answering for these settings: signs the person in over its socket and runs
    /// <paramref name="remote"/>, saying a refusal as the command would; null when no agent answers.
    /// </summary>
    public static async Task<int?> ViaAgentAsync(
        StoreOptions options,
        IServiceProvider services,
        string login,
        string password,
        Func<AgentLink, CancellationToken, Task<int>> remote,
        CancellationToken cancellationToken
    )
    {
        await using AgentLink? link = await AgentLink.ConnectAsync(SocketPath(options, services), cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return null;
        }

        try
        {
            await link.SignInAsync(login, password, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentAnswerException ex)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: sign-in refused: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        try
        {
            return await remote(link, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentAnswerException ex)
        {
            return await ReportAsync(ex).ConfigureAwait(false);
        }
    }

    /// <summary>An answer of the agent refusing a request, said as the command would say it had it run here.</summary>
    private static async Task<int> ReportAsync(AgentAnswerException ex)
    {
        if (ex.Status == System.Net.HttpStatusCode.BadRequest && ex.Problems.Count > 0)
        {
            foreach (string problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync($"edge-alpr: refused: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.UsageOrConfiguration;
        }

        await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
        return ex.Status == System.Net.HttpStatusCode.NotFound ? ExitCodes.SomeInputsFailed : ExitCodes.UsageOrConfiguration;
    }
}
