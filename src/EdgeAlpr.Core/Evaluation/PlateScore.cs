namespace EdgeAlpr.Core.Evaluation;

/// <summary>How one ground-truth plate fared.</summary>
/// <param name="Truth">The plate as marked.</param>
/// <param name="BestIou">Overlap of the best-matching predicted box (0 when nothing was found).</param>
/// <param name="Predicted">Text of the best-matching prediction, if any box overlapped enough.</param>
/// <param name="Detected">A predicted box overlaps the truth by at least the detection IoU.</param>
/// <param name="Exact">The matched prediction's text equals the truth.</param>
/// <param name="InTop5">The truth is among the matched prediction's first five candidates.</param>
public sealed record PlateScore(GroundTruthPlate Truth, float BestIou, string? Predicted, bool Detected, bool Exact, bool InTop5);
