namespace EdgeAlpr.Core.Alerts;

public enum LedColour
{
    Off,
    Red,
    Amber,
    Green,
    Blue,
    White,
    Magenta,
    Cyan,
}

public enum LedPattern
{
    Solid,
    Blink,
    FastBlink,
}

/// <summary>What the status LED shows for an alert: a colour and how it flashes.</summary>
public readonly record struct LedSignal(LedColour Colour, LedPattern Pattern)
{
    /// <summary>Red, green, blue on or off: the three pins of a common RGB LED.</summary>
    public (bool Red, bool Green, bool Blue) Channels =>
        Colour switch
        {
            LedColour.Red => (true, false, false),
            LedColour.Amber => (true, true, false),
            LedColour.Green => (false, true, false),
            LedColour.Blue => (false, false, true),
            LedColour.White => (true, true, true),
            LedColour.Magenta => (true, false, true),
            LedColour.Cyan => (false, true, true),
            _ => (false, false, false),
        };

    /// <summary>Half a flash cycle (on, then off this long); zero for solid.</summary>
    public int HalfPeriodMs =>
        Pattern switch
        {
            LedPattern.Blink => 500,
            LedPattern.FastBlink => 125,
            _ => 0,
        };
}
