namespace EdgeAlpr.Core.Alerts;

/// <summary>What a hit does on the unit, by the alert policy; ordered from least to most.</summary>
public enum AlertLoudness
{
    /// <summary>Stored and forwarded; no alert (the category's alerts are off on this unit).</summary>
    Silent,

    /// <summary>An alert on screen and LED, without sound: a weak match an officer may glance at.</summary>
    Quiet,

    /// <summary>An alert with tone and voice (unless the unit is covert).</summary>
    Sounding,
}
