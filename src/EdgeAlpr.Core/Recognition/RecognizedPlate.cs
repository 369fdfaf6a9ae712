using EdgeAlpr.Core.Geometry;

namespace EdgeAlpr.Core.Recognition;

/// <summary>One plate found in an image and what it reads.</summary>
/// <param name="Box">Where the plate is, in pixels of the source image.</param>
/// <param name="DetectionScore">The detector's score for the box.</param>
/// <param name="Text">Best reading: uppercase letters and digits.</param>
/// <param name="Confidence">Probability of exactly <paramref name="Text"/>.</param>
/// <param name="CharConfidences">One probability per character of <paramref name="Text"/>.</param>
/// <param name="Candidates">Alternative readings, best first; the first is <paramref name="Text"/> or one the model finds as likely.</param>
/// <param name="Region">The plate's region when the OCR model has a region head.</param>
public sealed record RecognizedPlate(
    BoundingBox Box,
    float DetectionScore,
    string Text,
    float Confidence,
    IReadOnlyList<float> CharConfidences,
    IReadOnlyList<PlateCandidate> Candidates,
    RegionGuess? Region
)
{
    /// <summary>
    /// The fused per-slot class probabilities the text was decoded from (slots × alphabet,
    /// slot-major), so that readings of the same plate in several frames can be fused again.
    /// </summary>
    public ReadOnlyMemory<float> SlotProbabilities { get; init; }
}
