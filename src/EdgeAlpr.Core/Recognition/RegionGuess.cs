namespace EdgeAlpr.Core.Recognition;

/// <summary>The plate's issuing region (country) as the OCR model's region head sees it.</summary>
public sealed record RegionGuess(string Name, float Confidence);
