using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// Where a password comes from on the command line, never from an argument (which every user of the
/// machine sees in the process list): an owner-only file, an environment variable, a line piped on
/// stdin, or the terminal without echo.
/// </summary>
internal static class PasswordInput
{
    /// <summary>The acting user's password: the variable <c>EDGEALPR_PASSWORD</c>.</summary>
    public const string Variable = "EDGEALPR_PASSWORD";

    /// <summary>A new user's password: the variable <c>EDGEALPR_NEW_PASSWORD</c>.</summary>
    public const string NewVariable = "EDGEALPR_NEW_PASSWORD";

    /// <summary>Letters and digits that cannot be misread for one another when read aloud or copied from a screen.</summary>
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>From the file, else the variable, else stdin or the terminal (asked with <paramref name="prompt"/>); null when none gives one.</summary>
    public static string? Read(string? file, string variable, string prompt, bool confirm = false)
    {
        if (file is not null)
        {
            return SecretFile.ReadText(file, "the password file");
        }

        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() is { Length: > 0 } piped ? piped : null;
        }

        string? typed = FromTerminal(prompt);
        if (confirm && typed is not null && FromTerminal("again: ") != typed)
        {
            throw new FormatException("the two passwords typed differ; nothing was changed");
        }

        return typed;
    }

    /// <summary>A random password of 20 characters (about 115 bits).</summary>
    public static string Generate() => new(RandomNumberGenerator.GetItems<char>(Alphabet, 20));

    private static string? FromTerminal(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.Length > 0 ? typed.ToString() : null;
    }
}
