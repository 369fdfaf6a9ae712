namespace EdgeAlpr.Synthesis;

/// <summary>What a synthetic clip shows: each plate's text and style, the frames it is in and its box in each.</summary>
public sealed record SyntheticTruth(int Width, int Height, double Fps, int Frames, int Seed, IReadOnlyList<SyntheticPlate> Plates);

public sealed record SyntheticPlate(string Text, string Style, int FirstFrame, int LastFrame, IReadOnlyList<SyntheticBox> Boxes);

public sealed record SyntheticBox(int Frame, float X1, float Y1, float X2, float Y2);
