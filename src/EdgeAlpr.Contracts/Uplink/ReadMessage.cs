using System.Text.Json.Serialization;
using EdgeAlpr.Contracts.Reads;

namespace EdgeAlpr.Contracts;

/// <summary>
/// A read on <c>…/read</c> (and inside every hit): the envelope (<see cref="Schema"/>, <see cref="Type"/>),
/// the read's fields as an <c>edge-alpr process</c> line has them (<see cref="WireRead"/>), then what the
/// unit knows of it since (state, hits, retention class) and its images. <see cref="WireRead.Id"/> is the
/// read's UUIDv7: the platform de-duplicates on it.
/// </summary>
public sealed record ReadMessage : WireRead
{
    public const string MessageType = "read";

    [JsonConstructor]
    public ReadMessage() { }

    public ReadMessage(
        WireRead read,
        string? state,
        IReadOnlyList<Guid> hitIds,
        string retentionClass,
        bool evidence,
        IReadOnlyList<WireImage> images,
        IReadOnlyList<string>? imagesWithheld
    )
        : base(read)
    {
        Schema = UplinkSchema.Version;
        Type = MessageType;
        State = state;
        HitIds = hitIds;
        RetentionClass = retentionClass;
        Evidence = evidence;
        Images = images;
        ImagesWithheld = imagesWithheld;
    }

    public int Schema { get; init; }

    public string Type { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public string? State { get; init; }

    [JsonPropertyOrder(After)]
    public IReadOnlyList<Guid> HitIds { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public string RetentionClass { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public bool Evidence { get; init; }

    [JsonPropertyOrder(After)]
    public IReadOnlyList<WireImage> Images { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public IReadOnlyList<string>? ImagesWithheld { get; init; }
}
