using EdgeAlpr.Core.Evaluation;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Recognition.Evaluation;

/// <summary>One photo's outcome: its scores, or why it could not be processed.</summary>
public sealed record ImageEvaluation(DatasetImage Image, IReadOnlyList<PlateScore> Scores, RecognitionResult? Result, string? Error);
