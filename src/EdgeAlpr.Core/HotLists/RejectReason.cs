namespace EdgeAlpr.Core.HotLists;

/// <summary>Why an officer rejected a potential hit; the platform counts them to find misreads and stale entries.</summary>
public enum RejectReason
{
    /// <summary>The camera read the plate wrong.</summary>
    Misread,

    /// <summary>The plate is right but from another state than the entry's.</summary>
    WrongState,

    /// <summary>The plate matches but the vehicle is not the one described (make, model, colour).</summary>
    VehicleDoesNotMatch,

    /// <summary>Someone already dealt with this vehicle (or the entry was cleared by the source).</summary>
    AlreadyHandled,

    /// <summary>Anything else; the note must say what.</summary>
    Other,
}

public static class RejectReasons
{
    private static readonly string[] WireNames = ["misread", "wrong_state", "vehicle_does_not_match", "already_handled", "other"];

    public static string WireName(RejectReason reason) => WireNames[(int)reason];

    public static IReadOnlyList<string> All => WireNames;

    public static bool TryParse(string? text, out RejectReason reason)
    {
        int i = Array.IndexOf(WireNames, text?.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_'));
        reason = i < 0 ? default : (RejectReason)i;
        return i >= 0;
    }
}
