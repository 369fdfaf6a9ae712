using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Contracts;

/// <summary>
/// A potential hit on <c>…/hit</c>: the same hit object an <c>edge-alpr process</c> line carries
/// (entry, match, the instruction that it must be verified through LEADS/NCIC before any
/// enforcement action), with its id and the read it was made on, images included.
/// </summary>
public sealed record HitMessage(
    int Schema,
    string Type,
    Guid Id,
    Guid ReadId,
    string DeviceId,
    string CameraId,
    DateTimeOffset CreatedAt,
    HitRecord Hit,
    ReadMessage? Read
);
