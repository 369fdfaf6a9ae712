namespace EdgeAlpr.Contracts.Settings;

/// <summary>What <c>edge-alpr config show --json</c> prints: every effective setting of the agent's sections, secrets masked.</summary>
public sealed record ConfigShowRecord(string? File, IReadOnlyList<EffectiveSettingRecord> Settings);

/// <summary>
/// One setting: its key path, its value as the agent takes it (null when unset; a secret as <c>(secret)</c>, a URL
/// without its password), and where it came from: <c>default</c>, <c>appsettings</c>, <c>file</c>,
/// <c>environment</c>, <c>command line</c>, or for the store key and the broker password <c>credential</c>,
/// <c>environment</c>, <c>key file</c>/<c>password file</c>, <c>none</c>.
/// </summary>
public sealed record EffectiveSettingRecord(string Key, string? Value, string Source);
