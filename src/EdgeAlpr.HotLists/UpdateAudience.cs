using EdgeAlpr.Application.HotLists;

namespace EdgeAlpr.HotLists;

/// <summary>
/// Whom a signed update is for: <c>agency</c> (every unit of the agency) or <c>agency/device-group</c>
/// (only the units of that group). It is in the signed header, so a list signed for one agency
/// cannot be replayed on another's topic: one platform key may serve many agencies.
/// </summary>
public static class UpdateAudience
{
    private const int MaxLevel = 64;

    /// <summary>What is wrong with an audience's syntax, or null. The same rules as an MQTT topic level (docs/mqtt-contract.md).</summary>
    public static string? Problem(string? audience)
    {
        if (string.IsNullOrEmpty(audience))
        {
            return "is empty";
        }

        string[] parts = audience.Split('/');
        if (parts.Length > 2)
        {
            return $"'{audience}' has more than agency/device-group";
        }

        foreach (string part in parts)
        {
            if (LevelProblem(part) is { } problem)
            {
                return $"'{audience}': {problem}";
            }
        }

        return null;
    }

    /// <summary>What is wrong with one name (an agency or a device group), or null.</summary>
    public static string? LevelProblem(string level)
    {
        ArgumentNullException.ThrowIfNull(level);
        if (level.Length is 0 or > MaxLevel)
        {
            return $"a name must be 1 to {MaxLevel} characters";
        }

        return level.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : "a name may hold only letters, digits, '-', '_' and '.'";
    }

    /// <summary>
    /// Refuses an update whose audience is not this unit: another agency, or a device group the unit
    /// is not in. A unit without an agency takes no signed update at all: it could not tell its own
    /// agency's list from another's.
    /// </summary>
    /// <param name="audience">The update's signed audience.</param>
    /// <param name="agency">The unit's agency (<c>HotList:Agency</c>, by default <c>Uplink:Agency</c>).</param>
    /// <param name="deviceGroup">The unit's device group (<c>HotList:DeviceGroup</c>), if any.</param>
    public static void Check(string audience, string? agency, string? deviceGroup)
    {
        ArgumentNullException.ThrowIfNull(audience);
        if (string.IsNullOrWhiteSpace(agency))
        {
            throw new HotListImportException(
                "this unit has no agency configured (HotList:Agency, or Uplink:Agency), so it cannot tell whether a signed list is meant for it; "
                    + $"the update for '{audience}' is refused",
                code: HotListRefusal.NoAgency
            );
        }

        int slash = audience.IndexOf('/', StringComparison.Ordinal);
        string forAgency = slash < 0 ? audience : audience[..slash];
        string? forGroup = slash < 0 ? null : audience[(slash + 1)..];
        if (!string.Equals(forAgency, agency, StringComparison.Ordinal))
        {
            throw new HotListImportException(
                $"the update is signed for agency '{forAgency}', but this unit belongs to '{agency}'; refused",
                code: HotListRefusal.WrongAudience
            );
        }

        if (forGroup is not null && !string.Equals(forGroup, deviceGroup, StringComparison.Ordinal))
        {
            throw new HotListImportException(
                $"the update is signed for device group '{audience}', but this unit is "
                    + (string.IsNullOrEmpty(deviceGroup) ? "in no device group (HotList:DeviceGroup)" : $"in '{agency}/{deviceGroup}'")
                    + "; refused",
                code: HotListRefusal.WrongAudience
            );
        }
    }
}
