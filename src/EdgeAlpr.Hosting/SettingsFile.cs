namespace EdgeAlpr.Hosting;

/// <summary>The unit's own settings file (<c>run --config</c>), as a full path, for the start-up permission check.</summary>
public sealed record SettingsFile(string Path);
