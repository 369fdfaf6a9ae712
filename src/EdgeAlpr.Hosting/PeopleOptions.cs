using EdgeAlpr.Application.People;
using EdgeAlpr.Core.Policy;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting;

/// <summary>
/// The rules for the people who use the unit (configuration section <c>People</c>): the sign-in lockout and the
/// agency's case-number format. Checked when any command starts, so a bad value is said before anyone signs in.
/// </summary>
public sealed class PeopleOptions
{
    public const string Section = "People";

    /// <summary>Failed sign-ins in a row before the account is locked (1–100).</summary>
    public int MaxFailedSignIns { get; set; } = new SignInOptions().MaxFailures;

    /// <summary>How long a lockout lasts, in minutes (1–1440).</summary>
    public double LockoutMinutes { get; set; } = new SignInOptions().LockoutDuration.TotalMinutes;

    /// <summary>A .NET regular expression, anchored with ^ and $, every case number must match.</summary>
    public string CaseNumberPattern { get; set; } = UsePolicy.DefaultCaseNumberPattern;

    /// <summary>How the format is said to a person in a refusal (e.g. "YY-NNNNNN, as 26-004417").</summary>
    public string? CaseNumberFormat { get; set; }

    public SignInOptions SignIn() => new() { MaxFailures = MaxFailedSignIns, LockoutDuration = TimeSpan.FromMinutes(LockoutMinutes) };

    public UsePolicy CaseRules() =>
        CaseNumberPattern == UsePolicy.DefaultCaseNumberPattern && CaseNumberFormat is null
            ? UsePolicy.Default
            : new UsePolicy(CaseNumberPattern, CaseNumberFormat);
}

/// <summary>Checks the people settings at start, every problem at once.</summary>
public sealed class PeopleOptionsValidator : IValidateOptions<PeopleOptions>
{
    public ValidateOptionsResult Validate(string? name, PeopleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (double.IsNaN(options.LockoutMinutes) || double.IsInfinity(options.LockoutMinutes))
        {
            problems.Add("People:LockoutMinutes must be a number of minutes");
        }
        else
        {
            problems.AddRange(options.SignIn().Problems().Select(p => "People: " + p));
        }

        if (UsePolicy.PatternProblem(options.CaseNumberPattern) is { } pattern)
        {
            problems.Add("People:CaseNumberPattern: " + pattern);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
