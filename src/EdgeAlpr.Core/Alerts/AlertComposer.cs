using System.Globalization;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Core.Alerts;

/// <summary>Turns a potential hit into the alert the officer gets, by the unit's alert policy.</summary>
public static class AlertComposer
{
    private static readonly string[] Spoken =
    [
        "Amber alert",
        "Silver alert",
        "Felony vehicle",
        "Stolen vehicle",
        "Stolen plate",
        "Wanted person",
        "Missing person",
        "Protection order",
        "Sex offender",
        "Suspended or revoked registration",
        "Expired registration",
        "Motor carrier out of service",
        "Local wanted",
    ];

    public static string SpokenName(HotListCategory category) => Spoken[(int)category];

    public static Alert Compose(HotListHit hit, AlertPolicy policy, Guid? hitId = null)
    {
        ArgumentNullException.ThrowIfNull(hit);
        ArgumentNullException.ThrowIfNull(policy);
        HotListEntry entry = hit.Entry;
        AlertStyle style = policy.Style(entry.Category);
        bool audible = !policy.Covert && policy.Loudness(hit) == AlertLoudness.Sounding;
        string title = SpokenName(entry.Category).ToUpperInvariant();
        var lines = new List<string>
        {
            $"{title}: {hit.MatchedText}{(entry.State is null ? "" : " (" + entry.State + ")")}",
            Alert.Unverified,
            $"listed: {entry.Plate}{(entry.State is null ? "" : " " + entry.State)} · {entry.Source}{(entry.RecordNumber is null ? "" : " " + entry.RecordNumber)}",
            $"match: {MatchKinds.WireName(hit.Kind)} ({hit.Score.ToString("F2", CultureInfo.InvariantCulture)})",
        };
        if (entry.Vehicle is not null)
        {
            lines.Add($"vehicle: {entry.Vehicle}");
        }

        if (entry.Reason is not null)
        {
            lines.Add($"reason: {entry.Reason}");
        }

        if (hit.Retroactive is { } past)
        {
            lines.Add(
                $"seen {past.Before.TotalMinutes.ToString("F0", CultureInfo.InvariantCulture)} min ago on {past.CameraId}: the vehicle may no longer be near"
            );
        }

        string announcement = $"{SpokenName(entry.Category)}. Plate {PhoneticAlphabet.Spell(hit.MatchedText)}. Unverified. Verify before action.";
        return new Alert(
            hitId,
            hit.MatchedText,
            entry.State,
            entry.Category,
            style.Level,
            title,
            lines,
            announcement,
            style.Tone,
            style.Led,
            Audible: audible,
            Spoken: audible && style.Spoken,
            Relay: !policy.Covert && style.Level >= AlertLevel.High,
            style.RepeatUntilAcknowledged
        );
    }
}
