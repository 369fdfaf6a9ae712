using System.Security.Cryptography;
using EdgeAlpr.Application.People;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Tools.Demo;

/// <summary>One person the demo signs up: a login, roles and a password, and the users-file line it came from (0: made up).</summary>
internal sealed record DemoAccount(string Login, IReadOnlyList<Role> Roles, string Password, int Line)
{
    public string RoleList => string.Join(",", Roles.Select(RoleNames.Name));
}

/// <summary>
/// The demo's people: read from a users file (<c>name:role:password</c> lines, <c>#</c> comments and blank lines
/// allowed; several roles as <c>officer,supervisor</c>), or one per role with a random password. Every line is
/// checked against the unit's own rules (login, roles, password policy) before anything starts, so a bad file
/// names its line and nothing is made.
/// </summary>
internal static class DemoAccounts
{
    /// <summary>Letters and digits without the look-alikes (0/O, 1/l/I), for passwords a person types from the screen.</summary>
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>The accounts in <paramref name="path"/>, or a <see cref="DemoAccountsException"/> naming the first bad line.</summary>
    public static IReadOnlyList<DemoAccount> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DemoAccountsException($"--users {path}: {ex.Message}");
        }

        var accounts = new List<DemoAccount>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            DemoAccount account = Parse(line, i + 1, path);
            if (accounts.Any(a => a.Login == account.Login))
            {
                throw new DemoAccountsException($"--users {path} line {i + 1}: the user {account.Login} is listed twice");
            }

            accounts.Add(account);
        }

        return accounts.Count > 0 ? accounts : throw new DemoAccountsException($"--users {path}: no users in it (lines name:role:password)");
    }

    /// <summary>One account per role, each with a random 20-character password.</summary>
    public static IReadOnlyList<DemoAccount> OnePerRole() =>
        [
            .. Enum.GetValues<Role>()
                .Select(role => RoleNames.Name(role))
                .Select(name => new DemoAccount(name, [RoleNames.Parse(name)], NewPassword(name), 0)),
        ];

    /// <summary>A random password the policy takes for <paramref name="login"/> (it may not contain the login).</summary>
    public static string NewPassword(string login)
    {
        while (true)
        {
            string password = RandomNumberGenerator.GetString(Alphabet, 20);
            if (PasswordPolicy.Problems(login, login, password).Count == 0)
            {
                return password;
            }
        }
    }

    private static DemoAccount Parse(string line, int number, string path)
    {
        string Where() => $"--users {path} line {number}";
        // The password is the rest of the line, so it may hold a colon.
        string[] parts = line.Split(':', 3);
        if (parts.Length < 3)
        {
            throw new DemoAccountsException($"{Where()}: expected name:role:password");
        }

        string login = parts[0].Trim();
        if (LoginName.Problem(login) is { } loginProblem)
        {
            throw new DemoAccountsException($"{Where()}: {loginProblem}");
        }

        var roles = new List<Role>();
        foreach (string name in parts[1].Split([',', '+'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                roles.Add(RoleNames.Parse(name));
            }
            catch (FormatException ex)
            {
                throw new DemoAccountsException($"{Where()}: {ex.Message}");
            }
        }

        if (roles.Count == 0)
        {
            throw new DemoAccountsException($"{Where()}: no role (officer, investigator, supervisor, auditor or admin)");
        }

        string password = parts[2];
        if (PasswordPolicy.Problems(login, login, password) is { Count: > 0 } problems)
        {
            throw new DemoAccountsException($"{Where()}: {string.Join("; ", problems)}");
        }

        return new DemoAccount(login, [.. roles.Distinct()], password, number);
    }
}

/// <summary>A users file the demo cannot take, or an account the unit refused; the message names the line.</summary>
internal sealed class DemoAccountsException(string message) : Exception(message);
