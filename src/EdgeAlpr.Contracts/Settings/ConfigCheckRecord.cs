namespace EdgeAlpr.Contracts.Settings;

/// <summary>
/// What <c>edge-alpr config check --json</c> prints: the settings file judged (null when there is none and only
/// appsettings.json and the environment were), whether the agent would start with these settings, and every problem.
/// </summary>
public sealed record ConfigCheckRecord(string? File, bool Ok, IReadOnlyList<ConfigProblemRecord> Problems);

/// <summary>One problem: the key it is about (null for the file as a whole) and the message, which names the key.</summary>
public sealed record ConfigProblemRecord(string? Key, string Message);
