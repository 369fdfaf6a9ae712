namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// Which categories a unit may hold, their priorities and whether a hit raises an alert. Built
/// once from configuration and validated: turning off a mandatory alert is a configuration
/// error, not a silent override.
/// </summary>
public sealed class HotListPolicy
{
    private readonly int[] _priority;
    private readonly bool[] _alert;

    /// <summary>
    /// A near match (OCR-equivalent, missing or extra character, or a lower candidate) scoring
    /// below this is not a hit: on a list of millions such coincidences are many, and each stored
    /// and forwarded hit is a record of a car that was never listed.
    /// </summary>
    public const float DefaultMinHitScore = 0.1f;

    private HotListPolicy(HotListProfile profile, int[] priority, bool[] alert, float minHitScore)
    {
        Profile = profile;
        MinHitScore = minHitScore;
        _priority = priority;
        _alert = alert;
    }

    public static HotListPolicy Default { get; } = Create(HotListProfile.Standard, new Dictionary<string, CategorySettings>());

    public HotListProfile Profile { get; }

    /// <summary>See <see cref="DefaultMinHitScore"/>; an exact match of the read's own text is always a hit.</summary>
    public float MinHitScore { get; }

    public int Priority(HotListCategory category) => _priority[(int)category];

    public bool Alerts(HotListCategory category) => _alert[(int)category];

    public bool Allows(HotListCategory category) => Profile != HotListProfile.MotorCarrier || HotListCategories.MotorCarrier.Contains(category);

    /// <summary>Why a category may not be loaded on this unit, or null when it may.</summary>
    public string? Refusal(HotListCategory category) =>
        Allows(category)
            ? null
            : $"category {HotListCategories.WireName(category)} is not DOT/ICC motor-carrier data, the only data a motor-carrier unit may hold";

    public static HotListPolicy Create(
        HotListProfile profile,
        IReadOnlyDictionary<string, CategorySettings> overrides,
        float minHitScore = DefaultMinHitScore
    )
    {
        List<string> errors = Validate(overrides);
        if (!(minHitScore is >= 0f and <= 1f))
        {
            errors.Add($"the least hit score must be between 0 and 1, got {minHitScore}");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(overrides));
        }

        var priority = HotListCategories.All.Select(HotListCategories.DefaultPriority).ToArray();
        var alert = HotListCategories.All.Select(_ => true).ToArray();
        foreach ((string name, CategorySettings settings) in overrides)
        {
            _ = HotListCategories.TryParse(name, out HotListCategory category);
            priority[(int)category] = settings.Priority ?? priority[(int)category];
            alert[(int)category] = settings.Alert ?? alert[(int)category];
        }

        return new HotListPolicy(profile, priority, alert, minHitScore);
    }

    /// <summary>Every problem with the category settings, for start-up validation.</summary>
    public static List<string> Validate(IReadOnlyDictionary<string, CategorySettings> overrides)
    {
        var errors = new List<string>();
        foreach ((string name, CategorySettings settings) in overrides)
        {
            if (!HotListCategories.TryParse(name, out HotListCategory category))
            {
                errors.Add($"unknown hot-list category '{name}' (known: {HotListCategories.Describe()})");
                continue;
            }

            if (settings.Alert == false && HotListCategories.MandatoryAlerts.Contains(category))
            {
                errors.Add(
                    $"alerts for {HotListCategories.WireName(category)} cannot be turned off: felony, stolen, AMBER and SILVER alerts are the minimum the directive requires"
                );
            }

            if (settings.Priority is < 0 or > 1000)
            {
                errors.Add($"priority of {HotListCategories.WireName(category)} must be between 0 and 1000");
            }
        }

        return errors;
    }
}
