namespace EdgeAlpr.Core.Alerts;

/// <summary>How one category's alerts look and sound on this unit.</summary>
public sealed record AlertStyle(AlertLevel Level, TonePattern Tone, LedSignal Led, bool Spoken, bool RepeatUntilAcknowledged, TimeSpan Cooldown);

/// <summary>A deployment's overrides for one category's alerts; null keeps the built-in default.</summary>
public sealed class AlertStyleSettings
{
    public AlertLevel? Level { get; set; }

    public LedColour? LedColour { get; set; }

    public LedPattern? LedPattern { get; set; }

    public bool? Spoken { get; set; }

    public bool? RepeatUntilAcknowledged { get; set; }

    public double? CooldownMinutes { get; set; }
}
