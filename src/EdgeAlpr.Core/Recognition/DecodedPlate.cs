namespace EdgeAlpr.Core.Recognition;

/// <summary>
/// The text an OCR model's slot probabilities decode to.
/// <see cref="Confidence"/> is the probability of exactly <see cref="Text"/> (the product of
/// every slot's probability, padding slots included, since a wrong length is a wrong plate).
/// <see cref="CharConfidences"/> holds one probability per character of <see cref="Text"/>.
/// </summary>
public sealed record DecodedPlate(string Text, float Confidence, IReadOnlyList<float> CharConfidences, IReadOnlyList<PlateCandidate> Candidates);
