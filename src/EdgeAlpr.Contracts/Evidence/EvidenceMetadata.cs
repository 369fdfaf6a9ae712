using System.Text.Json.Serialization;
using EdgeAlpr.Contracts.Reads;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Contracts.Evidence;

/// <summary>
/// <c>metadata.json</c> in an evidence package: the release (the dissemination record without
/// the package's own hash, which is only known once sealed; <see cref="WireRelease"/>) and every read
/// with its hits and images, each image with the SHA-256 it had at capture and its file in the package.
/// </summary>
public sealed record EvidenceMetadata : WireRelease
{
    public const int CurrentFormat = 1;

    [JsonConstructor]
    public EvidenceMetadata() { }

    private EvidenceMetadata(WireRelease release)
        : base(release) { }

    public int Format { get; init; }

    public Guid DisseminationId { get; init; }

    public DateTimeOffset ReleasedAt { get; init; }

    public string DeviceId { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public IReadOnlyList<EvidenceReadRecord> Reads { get; init; } = null!;

    public static EvidenceMetadata From(Dissemination d, string deviceId, IReadOnlyList<EvidenceReadRecord> reads)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new EvidenceMetadata(WireRelease.From(d))
        {
            Format = CurrentFormat,
            DisseminationId = d.Id,
            ReleasedAt = d.At,
            DeviceId = deviceId,
            Reads = reads,
        };
    }
}

/// <summary>
/// A read in an evidence package: the read's fields (<see cref="WireRead"/>; its id as <c>read_id</c>, and
/// when it was stored after <c>last_seen</c>), the state it was matched in, its images (in the package, or
/// why not) and its hits.
/// </summary>
public sealed record EvidenceReadRecord : WireRead
{
    [JsonConstructor]
    public EvidenceReadRecord() { }

    public EvidenceReadRecord(
        WireRead read,
        DateTimeOffset storedAt,
        string? state,
        IReadOnlyList<EvidenceImageRecord> images,
        IReadOnlyList<EvidenceImageRecord> imagesNotIncluded,
        IReadOnlyList<EvidenceHitRecord> hits
    )
        : base(read)
    {
        StoredAt = storedAt;
        State = state;
        Images = images;
        ImagesNotIncluded = imagesNotIncluded;
        Hits = hits;
    }

    /// <summary>A package names the read's id <c>read_id</c>: <see cref="ReadId"/> in its place.</summary>
    [JsonIgnore]
    public override Guid Id
    {
        get => base.Id;
        init => base.Id = value;
    }

    /// <summary><see cref="WireRead.Id"/>, where the read's id is written (10).</summary>
    [JsonPropertyOrder(10)]
    public Guid ReadId
    {
        get => Id;
        init => Id = value;
    }

    /// <summary>Between <c>last_seen</c> (70) and <c>plate</c> (80).</summary>
    [JsonPropertyOrder(75)]
    public DateTimeOffset StoredAt { get; init; }

    [JsonPropertyOrder(After)]
    public string? State { get; init; }

    [JsonPropertyOrder(After)]
    public IReadOnlyList<EvidenceImageRecord> Images { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public IReadOnlyList<EvidenceImageRecord> ImagesNotIncluded { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public IReadOnlyList<EvidenceHitRecord> Hits { get; init; } = null!;
}

/// <summary>An image of a read: its SHA-256 at capture, and its file in the package (or why it is not there).</summary>
public sealed record EvidenceImageRecord(string Role, string Sha256, long Bytes, string MediaType, string? File, string? NotIncluded);

public sealed record EvidenceHitRecord(Guid HitId, DateTimeOffset CreatedAt, HitRecord Hit);
