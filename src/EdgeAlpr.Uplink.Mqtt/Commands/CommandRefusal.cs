namespace EdgeAlpr.Uplink.Commands;

/// <summary>
/// Why a command was refused, as a short code: what refused commands are counted by in the audit trail
/// (<c>platform_messages_refused</c>), where the message says it in words. A closed set, so a flood is counted
/// under a bounded number of codes.
/// </summary>
public static class CommandRefusal
{
    /// <summary>Larger than <see cref="CommandEnvelope.MaxBytes"/>.</summary>
    public const string TooLarge = "too_large";

    /// <summary>Not a signed command envelope (no <c>command</c> and <c>signature</c>, not JSON, not base64).</summary>
    public const string NotSigned = "not_signed";

    /// <summary>No platform key is configured, so nothing can be checked.</summary>
    public const string NoKey = "no_key";

    /// <summary>Not signed with the platform's key, or altered.</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>Signed, but not a readable command, or one lacking a required field.</summary>
    public const string Malformed = "malformed";

    /// <summary>Addressed to another agency or unit.</summary>
    public const string WrongUnit = "wrong_unit";

    /// <summary>Its validity window is empty or longer than <c>Uplink:CommandMaxAge</c>.</summary>
    public const string BadValidity = "bad_validity";

    public const string Expired = "expired";

    /// <summary>Issued further ahead of our clock than <c>Uplink:CommandClockSkew</c>: its window has not begun.</summary>
    public const string NotYetValid = "not_yet_valid";

    /// <summary>Its id was seen before.</summary>
    public const string Replay = "replay";

    public const string UnknownCommand = "unknown_command";

    public const string BadArguments = "bad_arguments";
}
