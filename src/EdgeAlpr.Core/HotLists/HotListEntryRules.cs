namespace EdgeAlpr.Core.HotLists;

/// <summary>What makes an entry loadable; every import and every local addition goes through here.</summary>
public static class HotListEntryRules
{
    /// <summary>A partial plate needs this many known characters, or it would match half the traffic.</summary>
    public const int MinKnownCharacters = 4;

    public const int MaxStateLength = 8;

    public const int MaxSourceLength = 16;

    public const int MaxFieldLength = 256;

    /// <summary>Why the entry cannot be loaded on a unit with this policy, or null when it can.</summary>
    public static string? Problem(HotListEntry entry, HotListPolicy policy) => Problem(entry, policy, out _);

    /// <summary>As <see cref="Problem(HotListEntry, HotListPolicy)"/>, also giving the packed plate.</summary>
    public static string? Problem(HotListEntry entry, HotListPolicy policy, out ulong key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(policy);
        key = 0;
        if (string.IsNullOrEmpty(entry.Plate))
        {
            return "plate is empty";
        }

        if (entry.Plate.Length > PlateKey.MaxLength)
        {
            return $"plate '{Echo.Of(entry.Plate)}' is longer than {PlateKey.MaxLength} characters";
        }

        if (!PlateKey.TryPack(entry.Plate, allowWildcard: true, out key))
        {
            return $"plate '{Echo.Of(entry.Plate)}' has a character other than A–Z, 0–9 or '*'";
        }

        int unknown = PlateKey.CountCode(key, PlateKey.WildcardCode);
        if (unknown > 0 && entry.Plate.Length - unknown < MinKnownCharacters)
        {
            return $"partial plate '{entry.Plate}' has {entry.Plate.Length - unknown} known characters; at least {MinKnownCharacters} are needed";
        }

        if (entry.State is { } state && !IsStateCode(state))
        {
            return $"state '{Echo.Of(state)}' is not a code of up to {MaxStateLength} letters, digits or dashes (e.g. IL, ON, D)";
        }

        if (string.IsNullOrWhiteSpace(entry.Source) || entry.Source.Length > MaxSourceLength)
        {
            return $"source '{Echo.Of(entry.Source ?? "")}' must be a name of 1 to {MaxSourceLength} characters (NCIC, LEADS, SOS, LOCAL, …)";
        }

        return FieldProblem("record number", entry.RecordNumber)
            ?? FieldProblem("reason", entry.Reason)
            ?? FieldProblem("vehicle", entry.Vehicle)
            ?? FieldProblem("entered by", entry.EnteredBy)
            ?? policy.Refusal(entry.Category);
    }

    private static bool IsStateCode(string state)
    {
        if (state.Length is 0 or > MaxStateLength)
        {
            return false;
        }

        foreach (char c in state)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? FieldProblem(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxFieldLength)
        {
            return $"{name} is longer than {MaxFieldLength} characters";
        }

        // Text fields are stored unit-separated; a control character would corrupt them.
        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                return $"{name} contains a control character";
            }
        }

        return null;
    }
}
