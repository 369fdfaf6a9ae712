namespace EdgeAlpr.Core.Recognition;

/// <summary>One possible reading of a plate and the model's probability for exactly that text.</summary>
public readonly record struct PlateCandidate(string Text, float Probability);
