namespace EdgeAlpr.Core.Alerts;

/// <summary>How one category's alerts look and sound on this unit.</summary>
public sealed record AlertStyle(AlertLevel Level, TonePattern Tone, LedSignal Led, bool Spoken, bool RepeatUntilAcknowledged, TimeSpan Cooldown);

/// <summary>A deployment's overrides for one category's alerts; null keeps the built-in default.</summary>
public sealed class AlertStyleSettings
{
    /// <summary>The category's alert level (tone, LED, voice, light bar, repeats follow from it); default: from the category's priority.</summary>
    public AlertLevel? Level { get; set; }

    /// <summary>The LED's colour for the category (Off is refused for the categories that cannot be silenced).</summary>
    public LedColour? LedColour { get; set; }

    /// <summary>Solid, or flashing slow or fast.</summary>
    public LedPattern? LedPattern { get; set; }

    /// <summary>Whether the plate is read out after the tone.</summary>
    public bool? Spoken { get; set; }

    /// <summary>Whether the alert sounds again every Gpio:RepeatSeconds until a button is pressed.</summary>
    public bool? RepeatUntilAcknowledged { get; set; }

    /// <summary>The same plate does not alert again within this many minutes, for this category (default Alerts:CooldownMinutes).</summary>
    public double? CooldownMinutes { get; set; }
}
