using System.Collections.Frozen;

namespace EdgeAlpr.Core.HotLists;

/// <summary>Names, aliases and built-in defaults of the categories.</summary>
public static class HotListCategories
{
    public static IReadOnlyList<HotListCategory> All { get; } = Enum.GetValues<HotListCategory>();

    /// <summary>
    /// Categories whose alerts the directive makes the minimum: felony, stolen (vehicle and
    /// plate), AMBER and SILVER. No configuration can turn them off.
    /// </summary>
    public static IReadOnlySet<HotListCategory> MandatoryAlerts { get; } =
        new HashSet<HotListCategory>
        {
            HotListCategory.FelonyVehicle,
            HotListCategory.StolenVehicle,
            HotListCategory.StolenPlate,
            HotListCategory.AmberAlert,
            HotListCategory.SilverAlert,
        };

    /// <summary>The only data a motor-carrier safety unit may hold (DOT/ICC motor-carrier records).</summary>
    public static IReadOnlySet<HotListCategory> MotorCarrier { get; } = new HashSet<HotListCategory> { HotListCategory.MotorCarrierOutOfService };

    private static readonly string[] WireNames =
    [
        "amber_alert",
        "silver_alert",
        "felony_vehicle",
        "stolen_vehicle",
        "stolen_plate",
        "wanted_person",
        "missing_person",
        "protection_order",
        "sex_offender",
        "suspended_revoked_registration",
        "expired_registration",
        "motor_carrier_out_of_service",
        "local_new_wanted",
    ];

    // Higher is more urgent: a child in danger first, paperwork last.
    private static readonly int[] DefaultPriorities = [100, 95, 90, 80, 75, 85, 70, 60, 50, 30, 20, 40, 65];

    // Short names that lists from other products and people typing use.
    private static readonly FrozenDictionary<string, HotListCategory> Lookup = BuildLookup();

    public static string WireName(HotListCategory category) => WireNames[(int)category];

    public static int DefaultPriority(HotListCategory category) => DefaultPriorities[(int)category];

    /// <summary>Parses a wire name or a common alias, ignoring case, spaces, dashes and slashes.</summary>
    public static bool TryParse(string? text, out HotListCategory category)
    {
        category = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Lists written by machines use the wire names: one lookup, no folding.
        if (Lookup.TryGetValue(text, out category))
        {
            return true;
        }

        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        int n = 0;
        foreach (char c in text.AsSpan(0, buffer.Length).Trim())
        {
            buffer[n++] = c is ' ' or '-' or '/' ? '_' : char.ToLowerInvariant(c);
        }

        return Lookup.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(buffer[..n], out category);
    }

    public static string Describe() => string.Join(", ", WireNames);

    private static FrozenDictionary<string, HotListCategory> BuildLookup()
    {
        var map = new Dictionary<string, HotListCategory>(StringComparer.Ordinal);
        foreach (HotListCategory c in Enum.GetValues<HotListCategory>())
        {
            map[WireName(c)] = c;
        }

        (string Alias, HotListCategory Category)[] aliases =
        [
            ("amber", HotListCategory.AmberAlert),
            ("silver", HotListCategory.SilverAlert),
            ("felony", HotListCategory.FelonyVehicle),
            ("stolen", HotListCategory.StolenVehicle),
            ("wanted", HotListCategory.WantedPerson),
            ("missing", HotListCategory.MissingPerson),
            ("protection", HotListCategory.ProtectionOrder),
            ("sex_offender_registry", HotListCategory.SexOffender),
            ("suspended", HotListCategory.SuspendedRevokedRegistration),
            ("revoked", HotListCategory.SuspendedRevokedRegistration),
            ("suspended_registration", HotListCategory.SuspendedRevokedRegistration),
            ("revoked_registration", HotListCategory.SuspendedRevokedRegistration),
            ("expired", HotListCategory.ExpiredRegistration),
            ("motor_carrier", HotListCategory.MotorCarrierOutOfService),
            ("out_of_service", HotListCategory.MotorCarrierOutOfService),
            ("oos", HotListCategory.MotorCarrierOutOfService),
            ("new_wanted", HotListCategory.LocalNewWanted),
        ];
        foreach ((string alias, HotListCategory category) in aliases)
        {
            map[alias] = category;
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
