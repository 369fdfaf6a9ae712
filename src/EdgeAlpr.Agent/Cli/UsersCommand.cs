using System.CommandLine;
using System.Globalization;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.People;
using EdgeAlpr.Hosting.Commands;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr users add|list|disable|enable|roles|passwd|certify</c>: the unit's user accounts, changed by an
/// admin who signs in (<c>--as</c>). On a unit with no user, <c>users add … --role admin</c> makes the first
/// admin without signing in. Each opens the store itself, so the agent must not be running on it (for now).
/// </summary>
internal static class UsersCommand
{
    private const string Stopped = " The agent must be stopped: this opens the store itself.";

    public static Command Create()
    {
        var users = new Command("users", "The unit's user accounts: roles, agency, certification; changed by a signed-in admin." + Stopped);
        users.Subcommands.Add(Add());
        users.Subcommands.Add(List());
        users.Subcommands.Add(
            Change("disable", "Disable an account: it can no longer sign in", (p, admin, login) => p.Administer.Disable(admin, login))
        );
        users.Subcommands.Add(Change("enable", "Enable an account and lift a lockout", (p, admin, login) => p.Administer.Enable(admin, login)));
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
        command.SetAction(
            (parse, ct) =>
                cli.RunAsync(
                    parse,
                    async (people, admin, token) =>
                    {
                        string login = parse.GetValue(name)!;
                        var request = new NewUser(
                            login,
                            parse.GetValue(display) ?? login,
                            ParseRoles(parse.GetValue(roles)),
                            parse.GetValue(agency)!,
                            Day(parse.GetValue(certified)!, "--certified-until")
                        );
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
                            .Out.WriteLineAsync($"added {user}{(bootstrap ? " as the unit's first admin" : string.Empty)}")
                            .ConfigureAwait(false);
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
                    async (people, admin, token) =>
                    {
                        AuthenticatedUser signedIn = admin ?? throw new UserAdministrationException("listing the users needs an admin: --as ADMIN");
                        DateTimeOffset now = people.Time.GetUtcNow();
                        var records = people.Administer.List(signedIn).Select(u => UserWire.Record(u, now, people.Time.LocalTimeZone)).ToList();
                        if (parse.GetValue(cli.Store.Json))
                        {
                            foreach (var record in records)
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
                    },
                    ct
                )
        );
        return command;
    }

    private static Command Roles()
    {
        Option<string[]> roles = RoleOption(required: true);
        return Change(
            "roles",
            "Set a user's roles (all of them: the ones not given are taken away)",
            (p, admin, login, parse) => p.Administer.SetRoles(admin, login, ParseRoles(parse.GetValue(roles))),
            roles
        );
    }

    private static Command Certify()
    {
        var until = new Option<string>("--until") { Description = "Last day the training/certification is valid (YYYY-MM-DD)", Required = true };
        return Change(
            "certify",
            "Record a user's training/certification as valid through a date",
            (p, admin, login, parse) => p.Administer.Certify(admin, login, Day(parse.GetValue(until)!, "--until")),
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
                        await ShowGeneratedAsync(parse.GetValue(generate), user.Login, password).ConfigureAwait(false);
                        await Console.Out.WriteLineAsync($"password of {user.Login} set").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct
                )
        );
        return command;
    }

    private static Command Change(string verb, string description, Func<UsersCli.People, AuthenticatedUser, string, UnitUser> change) =>
        Change(verb, description, (p, admin, login, _) => change(p, admin, login));

    /// <summary>A subcommand that changes one user: NAME, the options given, --as, and one line saying what it did.</summary>
    private static Command Change(
        string verb,
        string description,
        Func<UsersCli.People, AuthenticatedUser, string, ParseResult, UnitUser> change,
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
                        await Console.Out.WriteLineAsync($"{verb}: {user}").ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct
                )
        );
        return command;
    }

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
