using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists;

/// <summary>The hot list's settings (configuration section <c>HotList</c>), validated at start.</summary>
public sealed class HotListOptions
{
    public const string Section = "HotList";

    /// <summary>Where the accepted list is kept, so the unit matches from its last good list when offline.</summary>
    public string Directory { get; set; } = "/var/lib/edge-alpr/hotlist";

    /// <summary>MotorCarrier for a motor-carrier safety unit: it holds DOT/ICC motor-carrier data only and refuses every other category.</summary>
    public HotListProfile Profile { get; set; } = HotListProfile.Standard;

    /// <summary>PEM file with the platform's ECDSA P-256 public key; without it signed updates are refused.</summary>
    public string? PublicKeyPath { get; set; }

    /// <summary>
    /// The unit's agency: a signed update is taken only when its signed <c>audience</c> names it.
    /// The agent defaults it to <c>Uplink:Agency</c>; without one, every signed update is refused.
    /// </summary>
    public string? Agency { get; set; }

    /// <summary>The unit's device group, if any: it takes its agency's lists and those for <c>agency/group</c>.</summary>
    public string? DeviceGroup { get; set; }

    /// <summary>Per-category overrides of priority and alerting, keyed by category name.</summary>
    public Dictionary<string, CategorySettings> Categories { get; set; } = [];

    /// <summary>Characters an OCR confuses, one class per string; replaces the default classes.</summary>
    public string[]? EquivalentCharacters { get; set; }

    /// <summary>Missing/extra-character matching applies only when both the read and the entry have at least this many characters.</summary>
    public int EditMatchMinLength { get; set; } = 5;

    /// <summary>
    /// Largest hot-list file the unit takes, signed update or plain list; a bigger one is refused
    /// before it is read. A 2-million-entry state list is about 108 MB.
    /// </summary>
    public int MaxUpdateBytes { get; set; } = DefaultMaxUpdateBytes;

    public const int DefaultMaxUpdateBytes = 192 << 20;

    public const int MinMaxUpdateBytes = 64 << 10;

    /// <summary>What an MQTT packet can carry (256 MiB less one byte) less room for the topic and properties.</summary>
    public const int MaxMaxUpdateBytes = 255 << 20;

    /// <summary>A platform list older than this raises the stale-list warning.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far back reads are matched when entries are added.</summary>
    public TimeSpan PastReadWindow { get; set; } = TimeSpan.FromHours(24);

    public OcrEquivalence Equivalence() => EquivalentCharacters is null ? OcrEquivalence.Default : OcrEquivalence.Create(EquivalentCharacters);

    /// <summary>
    /// A near match scoring below this (the estimated chance the read is the listed plate) is not
    /// a hit; an exact match of the read itself always is. See docs/recognition.md, "Alert quality".
    /// </summary>
    public float MinHitScore { get; set; } = HotListPolicy.DefaultMinHitScore;

    public HotListPolicy Policy() => HotListPolicy.Create(Profile, Categories, MinHitScore);
}
