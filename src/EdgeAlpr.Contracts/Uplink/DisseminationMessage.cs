using System.Text.Json.Serialization;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Contracts;

/// <summary>
/// A release of evidence outside the unit, on <c>…/dissemination</c>: the whole record, so the platform can
/// show it on request: the envelope, the release (<see cref="WireRelease"/>), then exactly what was sent.
/// The package's file on the unit is not sent.
/// </summary>
public sealed record DisseminationMessage : WireRelease
{
    public const string MessageType = "dissemination";

    [JsonConstructor]
    public DisseminationMessage() { }

    public int Schema { get; init; }

    public string Type { get; init; } = null!;

    public Guid Id { get; init; }

    public string DeviceId { get; init; } = null!;

    public DateTimeOffset At { get; init; }

    [JsonPropertyOrder(After)]
    public IReadOnlyList<Guid> Reads { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public IReadOnlyList<string> Images { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public string PackageId { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public string PackageSha256 { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public long PackageBytes { get; init; }

    [JsonPropertyOrder(After)]
    public string KeyKind { get; init; } = null!;

    public static DisseminationMessage From(Dissemination d, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new DisseminationMessage(WireRelease.From(d))
        {
            Schema = UplinkSchema.Version,
            Type = MessageType,
            Id = d.Id,
            DeviceId = deviceId,
            At = d.At,
            Reads = d.Reads,
            Images = d.Images,
            PackageId = d.PackageId,
            PackageSha256 = d.PackageSha256,
            PackageBytes = d.PackageBytes,
            KeyKind = d.KeyKind,
        };
    }

    private DisseminationMessage(WireRelease release)
        : base(release) { }
}
