using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Core.Alerts;

/// <summary>
/// How alerts look, sound and repeat, per category, and whether this unit is covert (no sound at
/// all; the screen and LED still alert). Whether a category alerts at all is the hot-list policy's
/// (HotList:Categories:NAME:Alert), where felony, stolen, AMBER and SILVER cannot be turned off;
/// nothing here can silence them on a unit that is not covert. Matches of the kinds in
/// <see cref="QuietMatchKinds"/> (by default a missing or extra character, which on a large list
/// are mostly coincidences) alert on screen and LED but do not sound.
/// </summary>
public sealed class AlertPolicy
{
    private readonly AlertStyle[] _styles;
    private readonly HashSet<MatchKind> _quiet;

    private AlertPolicy(AlertStyle[] styles, bool covert, HashSet<MatchKind> quiet, float soundingScore)
    {
        _styles = styles;
        Covert = covert;
        _quiet = quiet;
        SoundingScore = soundingScore;
    }

    /// <summary>
    /// The calibrated score from which a hit that is not an exact match of the read sounds; chosen
    /// on the dev sets against a 2-million-entry list (docs/recognition.md, "Alert quality").
    /// </summary>
    public const float DefaultSoundingScore = 0.5f;

    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromMinutes(10);

    public static AlertPolicy Default { get; } =
        Create(HotListPolicy.Default, new Dictionary<string, AlertStyleSettings>(), covert: false, DefaultCooldown, null);

    /// <summary>This policy with another sounding score (the eval's operating points).</summary>
    public AlertPolicy WithSoundingScore(float soundingScore) =>
        soundingScore is >= 0f and <= 1f
            ? new AlertPolicy(_styles, Covert, _quiet, soundingScore)
            : throw new ArgumentOutOfRangeException(nameof(soundingScore), "the sounding score must be between 0 and 1");

    public bool Covert { get; }

    public IReadOnlyCollection<MatchKind> QuietMatchKinds => _quiet;

    public AlertStyle Style(HotListCategory category) => _styles[(int)category];

    /// <summary>
    /// What a hit does, before the unit's covert mode (which takes the sound off everything):
    /// silent when its category does not alert; sounding when the read itself is the listed plate
    /// (an exact match of its best reading, in the state or with the state unknown) and for any
    /// other match whose calibrated score reaches <see cref="SoundingScore"/>; quiet otherwise, and
    /// always for kinds in <see cref="QuietMatchKinds"/>.
    /// </summary>
    public AlertLoudness Loudness(HotListHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        if (!hit.Alert)
        {
            return AlertLoudness.Silent;
        }

        if (_quiet.Contains(hit.Kind))
        {
            return AlertLoudness.Quiet;
        }

        // What the unit read is the listed plate: it sounds, however unsure the read (recall first).
        bool readIsListed = hit.CandidateRank == 0 && hit.Kind is MatchKind.Exact or MatchKind.ExactStateUnknown;
        return readIsListed || hit.Score >= SoundingScore ? AlertLoudness.Sounding : AlertLoudness.Quiet;
    }

    /// <summary>The calibrated score (the estimated chance the read is the listed plate) from which any other hit sounds.</summary>
    public float SoundingScore { get; }

    public static AlertLevel LevelOf(int priority) =>
        priority switch
        {
            >= 90 => AlertLevel.Critical,
            >= 75 => AlertLevel.High,
            >= 50 => AlertLevel.Standard,
            _ => AlertLevel.Low,
        };

    public static AlertPolicy Create(
        HotListPolicy hotList,
        IReadOnlyDictionary<string, AlertStyleSettings> overrides,
        bool covert,
        TimeSpan defaultCooldown,
        IReadOnlyList<string>? quietMatchKinds,
        float soundingScore = DefaultSoundingScore
    )
    {
        ArgumentNullException.ThrowIfNull(hotList);
        List<string> errors = Validate(overrides, defaultCooldown, quietMatchKinds);
        if (!(soundingScore is >= 0f and <= 1f))
        {
            errors.Add($"Alerts:SoundingScore must be between 0 and 1, got {soundingScore}");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(overrides));
        }

        var styles = HotListCategories.All.Select(c => DefaultStyle(c, hotList.Priority(c), defaultCooldown)).ToArray();
        foreach ((string name, AlertStyleSettings s) in overrides)
        {
            _ = HotListCategories.TryParse(name, out HotListCategory category);
            AlertStyle d = styles[(int)category];
            AlertLevel level = s.Level ?? d.Level;
            styles[(int)category] = new AlertStyle(
                level,
                TonePattern.For(level),
                new LedSignal(s.LedColour ?? d.Led.Colour, s.LedPattern ?? d.Led.Pattern),
                s.Spoken ?? d.Spoken,
                s.RepeatUntilAcknowledged ?? d.RepeatUntilAcknowledged,
                s.CooldownMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : d.Cooldown
            );
        }

        HashSet<MatchKind> quiet = quietMatchKinds is null
            ? []
            : quietMatchKinds.Select(k => MatchKinds.TryParse(k, out MatchKind kind) ? kind : default).ToHashSet();
        return new AlertPolicy(styles, covert, quiet, soundingScore);
    }

    public static List<string> Validate(
        IReadOnlyDictionary<string, AlertStyleSettings> overrides,
        TimeSpan defaultCooldown,
        IReadOnlyList<string>? quietMatchKinds
    )
    {
        var errors = new List<string>();
        foreach ((string name, AlertStyleSettings s) in overrides)
        {
            if (!HotListCategories.TryParse(name, out HotListCategory category))
            {
                errors.Add($"Alerts: unknown category '{name}' (known: {HotListCategories.Describe()})");
                continue;
            }

            if (s.CooldownMinutes is < 0 or > 1440)
            {
                errors.Add($"Alerts: cooldown of {HotListCategories.WireName(category)} must be between 0 and 1440 minutes");
            }

            if (s.LedColour == LedColour.Off && HotListCategories.MandatoryAlerts.Contains(category))
            {
                errors.Add(
                    $"Alerts: the LED of {HotListCategories.WireName(category)} alerts cannot be off: felony, stolen, AMBER and SILVER alerts are the minimum the directive requires"
                );
            }
        }

        if (defaultCooldown < TimeSpan.Zero || defaultCooldown > TimeSpan.FromDays(1))
        {
            errors.Add("Alerts:CooldownMinutes must be between 0 and 1440");
        }

        foreach (string kind in quietMatchKinds ?? [])
        {
            if (!MatchKinds.TryParse(kind, out MatchKind parsed))
            {
                errors.Add(
                    $"Alerts:QuietMatchKinds: '{kind}' is not a match kind ({string.Join(", ", Enum.GetValues<MatchKind>().Select(MatchKinds.WireName))})"
                );
            }
            else if (parsed == MatchKind.Exact)
            {
                errors.Add("Alerts:QuietMatchKinds cannot hold 'exact': an exact match of a listed plate always sounds (unless the unit is covert)");
            }
        }

        return errors;
    }

    private static AlertStyle DefaultStyle(HotListCategory category, int priority, TimeSpan cooldown)
    {
        AlertLevel level = LevelOf(priority);
        LedSignal led = category switch
        {
            HotListCategory.AmberAlert => new(LedColour.Amber, LedPattern.FastBlink),
            HotListCategory.SilverAlert => new(LedColour.White, LedPattern.FastBlink),
            _ when level == AlertLevel.Critical => new(LedColour.Red, LedPattern.FastBlink),
            _ when level == AlertLevel.High => new(LedColour.Red, LedPattern.Blink),
            _ when level == AlertLevel.Standard => new(LedColour.Amber, LedPattern.Blink),
            _ => new(LedColour.Blue, LedPattern.Solid),
        };
        return new AlertStyle(
            level,
            TonePattern.For(level),
            led,
            Spoken: level >= AlertLevel.Standard,
            RepeatUntilAcknowledged: level == AlertLevel.Critical,
            cooldown
        );
    }
}
