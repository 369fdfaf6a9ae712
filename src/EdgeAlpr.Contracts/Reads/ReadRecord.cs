using System.Text.Json.Serialization;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Contracts.Reads;

/// <summary>
/// One read as <c>edge-alpr process</c> writes it: one JSON line, the read's fields (<see cref="WireRead"/>),
/// then its images as files beside it.
/// </summary>
public sealed record ReadRecord : WireRead
{
    [JsonConstructor]
    public ReadRecord() { }

    public ReadRecord(WireRead read, ImageRecord plateImage, ImageRecord contextImage)
        : base(read)
    {
        PlateImage = plateImage;
        ContextImage = contextImage;
    }

    [JsonPropertyOrder(After)]
    public ImageRecord PlateImage { get; init; } = null!;

    [JsonPropertyOrder(After)]
    public ImageRecord ContextImage { get; init; } = null!;

    /// <summary>Hot-list hits of this read (null when it was not matched; empty when nothing matched).</summary>
    [JsonPropertyOrder(After)]
    public IReadOnlyList<HitRecord>? Hits { get; init; }
}

/// <summary>An evidence image file: where it is (relative to the reads file), its SHA-256, size and type.</summary>
public sealed record ImageRecord(string Path, string Sha256, long Bytes, string MediaType);
