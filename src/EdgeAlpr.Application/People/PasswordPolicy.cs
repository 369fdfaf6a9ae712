namespace EdgeAlpr.Application.People;

/// <summary>
/// What a local password must be: at least 12 characters (length is what resists guessing; composition
/// rules add little, NIST SP 800-63B), at most 256 (hashing a megabyte is work an attacker could ask of the
/// unit), and not built from the user's own name.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    /// <summary>Each rule the password breaks, one line each; never the password itself.</summary>
    public static IReadOnlyList<string> Problems(string login, string displayName, string password)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(password);
        var problems = new List<string>();
        if (password.Length < MinLength)
        {
            problems.Add($"the password must be at least {MinLength} characters (it is {password.Length})");
        }

        if (password.Length > MaxLength)
        {
            problems.Add($"the password must be at most {MaxLength} characters (it is {password.Length})");
        }

        if (password.Trim().Length == 0 && password.Length > 0)
        {
            problems.Add("the password must not be only spaces");
        }

        if (login.Length > 0 && password.Contains(login, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("the password must not contain the user's login name");
        }

        if (!string.IsNullOrWhiteSpace(displayName) && string.Equals(password.Trim(), displayName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("the password must not be the user's display name");
        }

        return problems;
    }
}
