namespace EdgeAlpr.Application.HotLists;

/// <summary>
/// Why a list file or update was refused, as a short code: what refusals are counted by (the audit of refused platform
/// messages, one event per topic and code per minute) where the message says it in words. A closed set, so a flood of
/// refusals is counted under a bounded number of codes.
/// </summary>
public static class HotListRefusal
{
    /// <summary>Larger than <c>HotList:MaxUpdateBytes</c>, refused unread.</summary>
    public const string TooLarge = "too_large";

    /// <summary>Not a signed update, or its header is malformed.</summary>
    public const string Malformed = "malformed";

    /// <summary>The list's SHA-256 is not the one its header names.</summary>
    public const string Integrity = "integrity";

    /// <summary>Not signed with the platform's key, or altered.</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>No platform key is configured (or it cannot be trusted), so nothing signed can be checked.</summary>
    public const string NoKey = "no_key";

    /// <summary>Signed for another agency or device group than this unit's (its <c>audience</c>).</summary>
    public const string WrongAudience = "wrong_audience";

    /// <summary>The unit has no agency configured, so it cannot tell whom a signed update is for.</summary>
    public const string NoAgency = "no_agency";

    /// <summary>Its version is not newer than the one in use (an old list played again, say).</summary>
    public const string NotNewer = "not_newer";

    /// <summary>A delta for another version than the one in use.</summary>
    public const string WrongBase = "wrong_base";

    /// <summary>Another process held the list's files too long.</summary>
    public const string Busy = "busy";

    /// <summary>Its content was refused: mostly invalid rows, photographs of persons, a column it may not have, ….</summary>
    public const string Invalid = "invalid";
}
