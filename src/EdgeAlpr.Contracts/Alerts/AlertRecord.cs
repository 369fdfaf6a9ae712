using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Contracts.Alerts;

/// <summary>An alert as <c>edge-alpr alert test</c> prints it: everything the officer would see and hear.</summary>
public sealed record AlertRecord(
    string Category,
    string Plate,
    string? State,
    string Level,
    string Title,
    IReadOnlyList<string> Lines,
    string Announcement,
    bool Audible,
    bool Spoken,
    bool Relay,
    bool RepeatUntilAcknowledged,
    ToneRecord Tone,
    LedRecord Led
)
{
    public static AlertRecord From(Alert a) =>
        new(
            HotListCategories.WireName(a.Category),
            a.Plate,
            a.State,
            a.Level.ToString().ToLowerInvariant(),
            a.Title,
            a.Lines,
            a.Announcement,
            a.Audible,
            a.Spoken,
            a.Relay,
            a.RepeatUntilAcknowledged,
            new ToneRecord(a.Tone.Name, a.Tone.TotalMs, a.Tone.Steps.Select(s => new ToneStepRecord(s.FrequencyHz, s.DurationMs, s.GapMs)).ToList()),
            new LedRecord(a.Led.Colour.ToString().ToLowerInvariant(), a.Led.Pattern.ToString().ToLowerInvariant())
        );
}

public sealed record ToneRecord(string Name, int TotalMs, IReadOnlyList<ToneStepRecord> Steps);

public sealed record ToneStepRecord(double Hz, int Ms, int GapMs);

public sealed record LedRecord(string Colour, string Pattern);
