namespace EdgeAlpr.Application.People;

/// <summary>The lockout rule: after <see cref="MaxFailures"/> failed sign-ins in a row the account is refused for <see cref="LockoutDuration"/>.</summary>
public sealed record SignInOptions
{
    public int MaxFailures { get; init; } = 5;

    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Each problem with the values, one line each; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxFailures is < 1 or > 100)
        {
            problems.Add($"the failed sign-ins before a lockout must be 1 to 100 (is {MaxFailures})");
        }

        if (LockoutDuration < TimeSpan.FromMinutes(1) || LockoutDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"the lockout must last 1 minute to 1 day (is {LockoutDuration})");
        }

        return problems;
    }
}
