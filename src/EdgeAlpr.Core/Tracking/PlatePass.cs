using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Tracking;

/// <summary>
/// One vehicle pass: every sighting of one plate fused into one reading, with the best
/// sighting as evidence (its frame is the read's capture time and the source of its images).
/// </summary>
public sealed record PlatePass(
    long TrackId,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    PlateSighting Best,
    int FramesUsed,
    string Text,
    float Confidence,
    IReadOnlyList<float> CharConfidences,
    IReadOnlyList<PlateCandidate> Candidates,
    RegionGuess? Region,
    IReadOnlyList<PlateSighting> Sightings
);
