namespace EdgeAlpr.WebConsole;

/// <summary>
/// What the console tells a signed-in person about the unit they are on: its id, its profile, and whether it is
/// covert (a covert unit makes no sound, and the officer's page then plays no tone and reads no plate aloud). Given
/// by the agent from its identity and alert settings.
/// </summary>
public sealed record ConsoleUnit(string DeviceId, string? Profile, bool Covert);
