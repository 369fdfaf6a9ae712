namespace EdgeAlpr.Contracts;

/// <summary>What became of a platform command, on <c>…/cmd-result</c>: done, refused (and why) or failed.</summary>
public sealed record CommandResultMessage(
    int Schema,
    string Type,
    string DeviceId,
    string? CommandId,
    string? Name,
    string Status,
    string Message,
    DateTimeOffset At,
    IReadOnlyDictionary<string, object?>? Details
);
