namespace EdgeAlpr.Contracts;

/// <summary>
/// A command from the platform on <c>…/cmd</c>, inside a <see cref="SignedCommand"/>: which unit it is for, when it was issued and until
/// when it may be obeyed, and its arguments. <see cref="Id"/> is unique per command, so a
/// captured command cannot be played again.
/// </summary>
public sealed record PlatformCommand(
    int Schema,
    Guid Id,
    string Name,
    string Agency,
    string DeviceId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyDictionary<string, string>? Args
)
{
    public const string Ping = "ping";
    public const string ResyncHotList = "resync_hotlist";
    public const string Purge = "purge";
    public const string LogLevel = "log_level";

    public static IReadOnlyList<string> Known { get; } = [Ping, ResyncHotList, Purge, LogLevel];

    public string? Arg(string name) => Args is not null && Args.TryGetValue(name, out string? value) ? value : null;
}
