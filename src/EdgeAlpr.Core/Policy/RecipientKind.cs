namespace EdgeAlpr.Core.Policy;

/// <summary>
/// What an agency receiving ALPR data is. The directive allows a release to law-enforcement and government agencies
/// only, so these two are all there is: a newspaper, a private company or "other" cannot be expressed.
/// </summary>
public enum RecipientKind
{
    LawEnforcement,
    Government,
}

/// <summary>A recipient kind's name on the command line, in the store and on the wire: <c>law_enforcement</c>, <c>government</c>.</summary>
public static class RecipientKinds
{
    public const string LawEnforcement = "law_enforcement";
    public const string Government = "government";

    public static string Name(RecipientKind kind) =>
        kind switch
        {
            RecipientKind.LawEnforcement => LawEnforcement,
            RecipientKind.Government => Government,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a recipient kind"),
        };

    /// <summary>The kind <paramref name="text"/> names, or null with the reason it names none.</summary>
    public static RecipientKind? Parse(string? text, out string? problem)
    {
        string name = text?.Trim().Replace('-', '_').ToLowerInvariant() ?? string.Empty;
        (RecipientKind? kind, problem) = name switch
        {
            "" => ((RecipientKind?)null, $"say what the recipient is (--recipient-kind {LawEnforcement}|{Government})"),
            LawEnforcement => (RecipientKind.LawEnforcement, null),
            Government => (RecipientKind.Government, null),
            _ => (
                null,
                $"'{Shorten(text!.Trim())}' is not a recipient ALPR data may be released to: only a {LawEnforcement} or {Government} agency (--recipient-kind)"
            ),
        };
        return kind;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
