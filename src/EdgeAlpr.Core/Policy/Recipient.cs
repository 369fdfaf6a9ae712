using EdgeAlpr.Core.People;

namespace EdgeAlpr.Core.Policy;

/// <summary>
/// The agency a release goes to: its name, its NCIC ORI and what it is. Only a valid one can exist (the constructor is
/// private and the properties cannot be set by <c>with</c>): a recipient without an ORI, or one that is not a
/// law-enforcement or government agency, is not representable, so no release to one can be requested.
/// </summary>
public sealed record Recipient
{
    public const int MaxAgencyLength = 200;

    private Recipient(string agency, string ori, RecipientKind kind)
    {
        Agency = agency;
        Ori = ori;
        Kind = kind;
    }

    /// <summary>The agency's name, trimmed.</summary>
    public string Agency { get; }

    /// <summary>The agency's ORI, upper case.</summary>
    public string Ori { get; }

    public RecipientKind Kind { get; }

    /// <summary>What is wrong with a recipient given as text, one line each; empty when it is one.</summary>
    public static IReadOnlyList<string> Problems(string? agency, string? ori, string? kind)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(agency))
        {
            problems.Add("the recipient agency is required (--recipient-agency NAME)");
        }
        else if (agency.Trim().Length > MaxAgencyLength)
        {
            problems.Add($"the recipient agency is longer than {MaxAgencyLength} characters");
        }

        if (string.IsNullOrWhiteSpace(ori))
        {
            problems.Add("the recipient's ORI is required (--recipient-ori): ALPR data is released only to an agency with an NCIC ORI");
        }
        else if (AgencyOri.Problem(ori) is { } bad)
        {
            problems.Add($"recipient: {bad}");
        }

        RecipientKinds.Parse(kind, out string? kindProblem);
        if (kindProblem is not null)
        {
            problems.Add(kindProblem);
        }

        return problems;
    }

    /// <summary>The recipient, or a <see cref="FormatException"/> naming every problem.</summary>
    public static Recipient Create(string? agency, string? ori, string? kind) =>
        Problems(agency, ori, kind) is { Count: > 0 } problems
            ? throw new FormatException(string.Join("; ", problems))
            : new Recipient(agency!.Trim(), AgencyOri.Normalize(ori), RecipientKinds.Parse(kind, out _)!.Value);

    /// <summary>As <see cref="Create(string?, string?, string?)"/>, from a kind already parsed (a stored request).</summary>
    public static Recipient Of(string agency, string ori, RecipientKind kind) =>
        Enum.IsDefined(kind) ? Create(agency, ori, RecipientKinds.Name(kind)) : throw new FormatException($"{kind} is not a recipient kind");

    public override string ToString() => $"{Agency} (ORI {Ori}, {RecipientKinds.Name(Kind)})";
}
