namespace EdgeAlpr.Core.Alerts;

/// <summary>One beep: a frequency held for a duration, then silence before the next.</summary>
public readonly record struct ToneStep(double FrequencyHz, int DurationMs, int GapMs);

/// <summary>
/// The sound of an alert level. Each level has its own rhythm and pitch so a driver knows how
/// urgent it is without looking: a rising two-tone warble for critical, a double beep for high,
/// one beep for standard, a short low one for low.
/// </summary>
public sealed record TonePattern(string Name, IReadOnlyList<ToneStep> Steps)
{
    public static TonePattern Critical { get; } = new("critical", Repeat([new(960, 160, 40), new(1440, 160, 40)], 3));

    public static TonePattern High { get; } = new("high", [new(880, 250, 120), new(880, 250, 0)]);

    public static TonePattern Standard { get; } = new("standard", [new(660, 400, 0)]);

    public static TonePattern Low { get; } = new("low", [new(440, 200, 0)]);

    public int TotalMs => Steps.Sum(s => s.DurationMs + s.GapMs);

    public static TonePattern For(AlertLevel level) =>
        level switch
        {
            AlertLevel.Critical => Critical,
            AlertLevel.High => High,
            AlertLevel.Standard => Standard,
            _ => Low,
        };

    private static ToneStep[] Repeat(ToneStep[] steps, int times) => Enumerable.Repeat(steps, times).SelectMany(s => s).ToArray();
}
