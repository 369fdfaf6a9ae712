using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Tracking;

/// <summary>A plate as recognised in one frame, with when that frame was captured.</summary>
public sealed record PlateSighting(DateTimeOffset Time, long Frame, RecognizedPlate Plate)
{
    /// <summary>How good this sighting is as the pass's evidence frame: a sure reading of a clearly detected plate.</summary>
    public float Quality => Plate.Confidence * Plate.DetectionScore;
}
