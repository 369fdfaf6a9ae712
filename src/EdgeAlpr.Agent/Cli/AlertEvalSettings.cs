namespace EdgeAlpr.Agent.Cli;

/// <summary>The alert measure's settings from <c>eval</c>'s options.</summary>
/// <param name="Background">Synthetic entries besides the dataset's plates.</param>
/// <param name="Seed">Seed of the synthetic entries.</param>
/// <param name="Passing">A folder of photos whose plates are not listed; null for none.</param>
/// <param name="SoundingScore">Alerts:SoundingScore to measure with.</param>
/// <param name="MinHitScore">HotList:MinHitScore to measure with.</param>
internal sealed record AlertEvalSettings(int Background, int Seed, string? Passing, float SoundingScore, float MinHitScore);
