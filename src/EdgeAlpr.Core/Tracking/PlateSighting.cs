using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Tracking;

/// <summary>A plate as recognised in one frame, with when that frame was captured.</summary>
public sealed record PlateSighting(DateTimeOffset Time, long Frame, RecognizedPlate Plate)
{
    /// <summary>
    /// Whatever the caller keeps to make this sighting the read's evidence (image regions).
    /// The tracker keeps it only while this is its track's best sighting and disposes it as
    /// soon as a better one arrives, so evidence held is bounded by open tracks, not frames.
    /// The pass's best sighting's evidence is the caller's to dispose.
    /// </summary>
    public IDisposable? Evidence { get; init; }

    /// <summary>How good this sighting is as the pass's evidence frame: a sure reading of a clearly detected plate.</summary>
    public float Quality => Plate.Confidence * Plate.DetectionScore;
}
