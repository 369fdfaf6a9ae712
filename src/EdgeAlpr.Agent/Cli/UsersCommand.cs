using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.People;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.People;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.WebConsole.Wire;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr users add|list|disable|enable|roles|passwd|certify</c>: the unit's user accounts, changed by an
/// admin who signs in (<c>--as</c>). On a unit with no user, <c>users add … --role admin</c> makes the first
/// admin without signing in (with the agent stopped). While the agent runs, each asks it over its socket as the
/// signed-in admin (the same <see cref="AdministerUsers"/>, audited the same way); else it opens the store itself.
/// </summary>
internal static class UsersCommand
{
    private const string Stopped = " Through the running agent when it runs (its socket), else on the store itself.";

    public static Command Create()
    {
        var users = new Command("users", "The unit's user accounts: roles, agency, certification; changed by a signed-in admin." + Stopped);
        users.Subcommands.Add(Add());
        users.Subcommands.Add(List());
        users.Subcommands.Add(
            Change(
                "disable",
                "Disable an account: it can no longer sign in",
                (p, admin, login, _) => p.Administer.Disable(admin, login),
                (agent, login, _, token) => agent.PostAsync($"{UserPath(login)}/disable", new { }, token)
            )
        );
        users.Subcommands.Add(
            Change(
                "enable",
                "Enable an account and lift a lockout",
                (p, admin, login, _) => p.Administer.Enable(admin, login),
                (agent, login, _, token) => agent.PostAsync($"{UserPath(login)}/enable", new { }, token)
            )
        );
        users.Subcommands.Add(Roles());
        users.Subcommands.Add(Passwd());
        users.Subcommands.Add(Certify());
        return users;
    }

    private static Command Add()
    {
        var cli = new UsersCli();
        var name = new Argument<string>("name") { Description = "Login name: 2-64 of a-z, 0-9, '.', '_', '-'" };
        Option<string[]> roles = RoleOption(required: true);
        var agency = new Option<string>("--agency") { Description = "The user's agency ORI (9 letters and digits, e.g. IL0160000)", Required = true };
        var certified = new Option<string>("--certified-until")
        {
            Description = "Last day the user's training/certification is valid (YYYY-MM-DD)",
            Required = true,
        };
        var display = new Option<string?>("--display-name") { Description = "How the user is shown (default: the login name)" };
        var newPasswordFile = NewPasswordFile();
        var generate = Generate();
        var command = new Command(
            "add",
            "Add a user. The password comes from --new-password-file, EDGEALPR_NEW_PASSWORD, stdin or the terminal, or --generate-password. On a unit with no user, the first admin is made without --as (audited as user_bootstrap under the operating-system user)."
                + Stopped
        );
        command.Arguments.Add(name);
        command.Options.Add(roles);
        command.Options.Add(agency);
        command.Options.Add(certified);
        command.Options.Add(display);
        command.Options.Add(newPasswordFile);
        command.Options.Add(generate);
        cli.AddTo(command);
        NewUser Request(ParseResult parse)
        {
            string login = parse.GetValue(name)!;
            return new NewUser(
                login,
                parse.GetValue(display) ?? login,
                ParseRoles(parse.GetValue(roles)),
                parse.GetValue(agency)!,
                Day(parse.GetValue(certified)!, "--certified-until")
            );
        }

        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    async (people, admin, token) =>
                    {
                        string login = parse.GetValue(name)!;
                        NewUser request = Request(parse);
                        bool bootstrap = admin is null;
                        if (bootstrap && !people.Administer.NeedsBootstrap)
                        {
                            throw new UserAdministrationException("the unit has users already: sign in as an admin with --as ADMIN");
                        }

                        // At bootstrap nobody signs in, so --password-file and EDGEALPR_PASSWORD hold the new admin's password.
                        string? password = NewPassword(
                            parse,
                            newPasswordFile,
                            generate,
                            login,
                            bootstrap ? parse.GetValue(cli.Person.PasswordFile) : null,
                            bootstrap
                        );
                        if (password is null)
                        {
                            return await NoPasswordAsync(login).ConfigureAwait(false);
                        }

                        UnitUser user = bootstrap
                            ? people.Administer.Bootstrap(request, password, CliUser.Name())
                            : people.Administer.Add(admin!, request, password);
                        await ShowGeneratedAsync(parse.GetValue(generate), user.Login, password).ConfigureAwait(false);
                        await Console
                            .Out.WriteLineAsync($"added {Describe(Record(people, user))}{(bootstrap ? " as the unit's first admin" : string.Empty)}")
                            .ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    async (agent, token) =>
                    {
                        NewUser request = Request(parse);
                        // Made here, so it is printed here once; the agent gets it over its owner-only socket and keeps only the hash.
                        string? password = NewPassword(parse, newPasswordFile, generate, request.Login, null, false);
                        if (password is null)
                        {
                            return await NoPasswordAsync(request.Login).ConfigureAwait(false);
                        }

                        var body = new NewUserWire(
                            request.Login,
                            request.DisplayName,
                            [.. request.Roles.Select(RoleNames.Name)],
                            request.AgencyOri,
                            request.CertifiedUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                            password
                        );
                        UserRecord user = Answer(await agent.PostAsync("api/users", body, token).ConfigureAwait(false));
                        await ShowGeneratedAsync(parse.GetValue(generate), user.Login, password).ConfigureAwait(false);
                        await Console.Out.WriteLineAsync($"added {Describe(user)}").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct,
                    create: true
                )
        );
        return command;
    }

    private static Command List()
    {
        var cli = new UsersCli();
        var command = new Command("list", "List the users (never their password hashes)." + Stopped);
        cli.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    (people, admin, token) =>
                    {
                        AuthenticatedUser signedIn = admin ?? throw new UserAdministrationException("listing the users needs an admin: --as ADMIN");
                        return ShowAsync([.. people.Administer.List(signedIn).Select(u => Record(people, u))], parse.GetValue(cli.Store.Json));
                    },
                    async (agent, token) =>
                    {
                        JsonElement answer = await agent.GetAsync("api/users", token).ConfigureAwait(false);
                        List<UserRecord> records = answer.Deserialize<List<UserRecord>>(WireJson.Options)
                            ?? throw new InvalidDataException("the agent answered no users");
                        return await ShowAsync(records, parse.GetValue(cli.Store.Json)).ConfigureAwait(false);
                    },
                    ct
                )
        );
        return command;
    }

    /// <summary>The users as a table, or one JSON line each: the same whether read here or through the agent.</summary>
    private static async Task<int> ShowAsync(List<UserRecord> records, bool json)
    {
        if (json)
        {
            foreach (UserRecord record in records)
            {
                await Console.Out.WriteLineAsync(WireJson.Line(record)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("login", "name", "roles", "agency", "certified until", "state", "created");
        foreach (var r in records)
        {
            string state =
                r.Disabled ? "disabled"
                : r.LockedUntil is { } until ? $"locked until {until:u}"
                : r.CertificationExpired ? "certification expired"
                : "enabled";
            table.AddRow(
                Markup.Escape(r.Login),
                Markup.Escape(r.DisplayName),
                string.Join(", ", r.Roles),
                r.AgencyOri,
                r.CertifiedUntil,
                state,
                Markup.Escape($"{r.CreatedAt:yyyy-MM-dd} by {r.CreatedBy}")
            );
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static Command Roles()
    {
        Option<string[]> roles = RoleOption(required: true);
        return Change(
            "roles",
            "Set a user's roles (all of them: the ones not given are taken away)",
            (p, admin, login, parse) => p.Administer.SetRoles(admin, login, ParseRoles(parse.GetValue(roles))),
            (agent, login, parse, token) =>
                agent.PutAsync($"{UserPath(login)}/roles", new RolesWire([.. ParseRoles(parse.GetValue(roles)).Select(RoleNames.Name)]), token),
            roles
        );
    }

    private static Command Certify()
    {
        var until = new Option<string>("--until") { Description = "Last day the training/certification is valid (YYYY-MM-DD)", Required = true };
        DateOnly Until(ParseResult parse) => Day(parse.GetValue(until)!, "--until");
        return Change(
            "certify",
            "Record a user's training/certification as valid through a date",
            (p, admin, login, parse) => p.Administer.Certify(admin, login, Until(parse)),
            (agent, login, parse, token) =>
                agent.PostAsync(
                    $"{UserPath(login)}/certify",
                    new CertifyWire(Until(parse).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    token
                ),
            until
        );
    }

    private static Command Passwd()
    {
        var cli = new UsersCli();
        var name = new Argument<string>("name") { Description = "The user's login name" };
        var newPasswordFile = NewPasswordFile();
        var generate = Generate();
        var command = new Command(
            "passwd",
            "Set a user's password and lift a lockout; the new one from --new-password-file, EDGEALPR_NEW_PASSWORD, stdin or the terminal, or --generate-password."
                + Stopped
        );
        command.Arguments.Add(name);
        command.Options.Add(newPasswordFile);
        command.Options.Add(generate);
        cli.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    async (people, admin, token) =>
                    {
                        AuthenticatedUser signedIn = admin ?? throw new UserAdministrationException("setting a password needs an admin: --as ADMIN");
                        string login = parse.GetValue(name)!;
                        string? password = NewPassword(parse, newPasswordFile, generate, login, null, false);
                        if (password is null)
                        {
                            return await NoPasswordAsync(login).ConfigureAwait(false);
                        }

                        UnitUser user = people.Administer.ResetPassword(signedIn, login, password);
                        return await PasswordSetAsync(parse.GetValue(generate), user.Login, password).ConfigureAwait(false);
                    },
                    async (agent, token) =>
                    {
                        string login = parse.GetValue(name)!;
                        string? password = NewPassword(parse, newPasswordFile, generate, login, null, false);
                        if (password is null)
                        {
                            return await NoPasswordAsync(login).ConfigureAwait(false);
                        }

                        // Made or read here and sent once over the agent's socket; the agent keeps only the hash.
                        JsonElement answer = await agent
                            .PostAsync($"{UserPath(login)}/password", new PasswordWire(password), token)
                            .ConfigureAwait(false);
                        return await PasswordSetAsync(parse.GetValue(generate), Answer(answer).Login, password).ConfigureAwait(false);
                    },
                    ct
                )
        );
        return command;
    }

    private static async Task<int> PasswordSetAsync(bool generated, string login, string password)
    {
        await ShowGeneratedAsync(generated, login, password).ConfigureAwait(false);
        await Console.Out.WriteLineAsync($"password of {login} set").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// A subcommand that changes one user: NAME, the options given, --as, and one line saying what it did; on the
    /// store itself (<paramref name="change"/>) or through the running agent (<paramref name="remote"/>, its answer the user).
    /// </summary>
    private static Command Change(
        string verb,
        string description,
        Func<UsersCli.People, AuthenticatedUser, string, ParseResult, UnitUser> change,
        Func<AgentLink, string, ParseResult, CancellationToken, Task<JsonElement>> remote,
        params Option[] options
    )
    {
        var cli = new UsersCli();
        var name = new Argument<string>("name") { Description = "The user's login name" };
        var command = new Command(verb, description + "." + Stopped);
        command.Arguments.Add(name);
        foreach (Option option in options)
        {
            command.Options.Add(option);
        }

        cli.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    async (people, admin, token) =>
                    {
                        AuthenticatedUser signedIn = admin ?? throw new UserAdministrationException($"'users {verb}' needs an admin: --as ADMIN");
                        UnitUser user = change(people, signedIn, parse.GetValue(name)!, parse);
                        await Console.Out.WriteLineAsync($"{verb}: {Describe(Record(people, user))}").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    async (agent, token) =>
                    {
                        UserRecord user = Answer(await remote(agent, parse.GetValue(name)!, parse, token).ConfigureAwait(false));
                        await Console.Out.WriteLineAsync($"{verb}: {Describe(user)}").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct
                )
        );
        return command;
    }

    /// <summary>The agent's API path of one user.</summary>
    private static string UserPath(string login) => $"api/users/{Uri.EscapeDataString(login)}";

    private static UserRecord Answer(JsonElement answer) =>
        answer.Deserialize<UserRecord>(WireJson.Options) ?? throw new InvalidDataException("the agent answered no user");

    private static UserRecord Record(UsersCli.People people, UnitUser user) =>
        UserWire.Record(user, people.Time.GetUtcNow(), people.Time.LocalTimeZone);

    /// <summary>One line for a user, never the hash: the same on the store itself and through the agent.</summary>
    private static string Describe(UserRecord user) =>
        $"{user.Login} ({user.DisplayName}; {string.Join(",", user.Roles)}; {user.AgencyOri}; certified until {user.CertifiedUntil}{(user.Disabled ? "; disabled" : "")})";

    private static Option<string[]> RoleOption(bool required) =>
        new("--role")
        {
            Description = "A role (repeat for more): officer, investigator, supervisor, auditor, admin",
            Required = required,
            AllowMultipleArgumentsPerToken = false,
        };

    private static Option<string?> NewPasswordFile() => new("--new-password-file") { Description = "Owner-only file with the user's new password" };

    private static Option<bool> Generate() => new("--generate-password") { Description = "Make a random password and print it once" };

    private static List<Role> ParseRoles(string[]? names) => (names ?? []).Select(RoleNames.Parse).ToList();

    private static DateOnly Day(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day)
            ? day
            : throw new FormatException($"{option} must be a date as YYYY-MM-DD (is '{text}')");

    private static string? NewPassword(
        ParseResult parse,
        Option<string?> file,
        Option<bool> generate,
        string login,
        string? fallbackFile,
        bool bootstrap
    )
    {
        if (parse.GetValue(generate))
        {
            return PasswordInput.Generate();
        }

        if (parse.GetValue(file) is { } newFile)
        {
            return PasswordInput.Read(newFile, PasswordInput.NewVariable, string.Empty);
        }

        if (Environment.GetEnvironmentVariable(PasswordInput.NewVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        string variable = bootstrap ? PasswordInput.Variable : PasswordInput.NewVariable;
        return PasswordInput.Read(fallbackFile, variable, $"new password for {login}: ", confirm: true);
    }

    private static async Task<int> NoPasswordAsync(string login)
    {
        await Console
            .Error.WriteLineAsync(
                $"edge-alpr: no password for {LoginName.Printable(login)}: give --new-password-file, set {PasswordInput.NewVariable}, type it, or --generate-password"
            )
            .ConfigureAwait(false);
        return ExitCodes.UsageOrConfiguration;
    }

    private static async Task ShowGeneratedAsync(bool generated, string login, string password)
    {
        if (generated)
        {
            await Console.Out.WriteLineAsync($"password for {login} (shown once, not kept anywhere): {password}").ConfigureAwait(false);
        }
    }
}
