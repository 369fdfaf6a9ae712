using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Core.Alerts;

/// <summary>
/// A potential hit as the officer is told of it: what to show, what to sound and say, the LED
/// and the light-bar relay. Every alert says the hit is unverified and must be confirmed
/// (LEADS/NCIC) before enforcement action, on screen and in the spoken words.
/// </summary>
public sealed record Alert(
    Guid? HitId,
    string Plate,
    string? State,
    HotListCategory Category,
    AlertLevel Level,
    string Title,
    IReadOnlyList<string> Lines,
    string Announcement,
    TonePattern Tone,
    LedSignal Led,
    bool Audible,
    bool Spoken,
    bool Relay,
    bool RepeatUntilAcknowledged
)
{
    public const string Unverified = "UNVERIFIED: confirm through LEADS/NCIC before any enforcement action";
}
