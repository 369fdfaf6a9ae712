namespace EdgeAlpr.Hosting;

/// <summary>
/// One thing wrong with the settings: the key it is about (<c>Agent:Cameras:0:Source</c>; null when it is about a
/// settings file as a whole, which is not JSON, say) and the message, which names the key itself.
/// </summary>
public sealed record SettingsProblem(string? Key, string Message);
