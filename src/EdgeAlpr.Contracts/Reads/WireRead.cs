using System.Text.Json.Serialization;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Contracts.Reads;

/// <summary>
/// The fields every read has, in the order every read writes them: the one place the wire shape
/// of a read is described. <see cref="ReadMessage"/> (<c>…/read</c>), <see cref="ReadRecord"/>
/// (an <c>edge-alpr process</c> line) and <see cref="Evidence.EvidenceReadRecord"/> (a package's
/// <c>metadata.json</c>) derive from it and add their own fields before or after these
/// (<see cref="JsonPropertyOrderAttribute"/>: a derived record's fields written before the read's
/// have no order, those after have <see cref="After"/>; a field in between takes the number between).
/// Build one with <see cref="From(PlateRead)"/> (a read just made) or the application's mapping of
/// a stored read, then the derived record with its constructor that takes a <see cref="WireRead"/>.
/// </summary>
public record WireRead
{
    /// <summary>The order of the fields a derived record writes after the read's.</summary>
    public const int After = 1000;

    [JsonConstructor]
    public WireRead() { }

    /// <summary>The read's UUIDv7: the platform de-duplicates on it.</summary>
    /// <remarks>
    /// Virtual so a record that writes it under another name can hide it here (<see cref="JsonIgnoreAttribute"/> on
    /// its override).
    /// </remarks>
    [JsonPropertyOrder(10)]
    public virtual Guid Id { get; init; }

    [JsonPropertyOrder(20)]
    public string DeviceId { get; init; } = null!;

    [JsonPropertyOrder(30)]
    public string CameraId { get; init; } = null!;

    /// <summary>The camera's direction of view or of traffic, as configured (e.g. "northbound").</summary>
    [JsonPropertyOrder(40)]
    public string? Direction { get; init; }

    [JsonPropertyOrder(50)]
    public DateTimeOffset CapturedAt { get; init; }

    [JsonPropertyOrder(60)]
    public DateTimeOffset FirstSeen { get; init; }

    [JsonPropertyOrder(70)]
    public DateTimeOffset LastSeen { get; init; }

    [JsonPropertyOrder(80)]
    public string Plate { get; init; } = null!;

    [JsonPropertyOrder(90)]
    public double Confidence { get; init; }

    [JsonPropertyOrder(100)]
    public IReadOnlyList<CandidateRecord> Candidates { get; init; } = null!;

    [JsonPropertyOrder(110)]
    public RegionRecord? Region { get; init; }

    [JsonPropertyOrder(120)]
    public BoxRecord Box { get; init; } = null!;

    [JsonPropertyOrder(130)]
    public int FramesUsed { get; init; }

    [JsonPropertyOrder(140)]
    public LocationRecord? Location { get; init; }

    /// <summary>A read just made (<c>edge-alpr process</c>, the running agent), as every output writes it.</summary>
    public static WireRead From(PlateRead r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Of(
            r.Id,
            r.DeviceId,
            r.CameraId,
            r.Direction,
            r.CapturedAt,
            r.FirstSeen,
            r.LastSeen,
            r.Plate,
            r.Confidence,
            r.Candidates,
            r.Region,
            r.Box,
            r.FramesUsed,
            r.Location
        );
    }

    /// <summary>The one mapping of a read's parts to the wire: rounding, names, absent parts left out.</summary>
    public static WireRead Of(
        Guid id,
        string deviceId,
        string cameraId,
        string? direction,
        DateTimeOffset capturedAt,
        DateTimeOffset firstSeen,
        DateTimeOffset lastSeen,
        string plate,
        float confidence,
        IEnumerable<Core.Recognition.PlateCandidate> candidates,
        Core.Recognition.RegionGuess? region,
        Core.Geometry.BoundingBox box,
        int framesUsed,
        GeoPoint? location
    ) =>
        new()
        {
            Id = id,
            DeviceId = deviceId,
            CameraId = cameraId,
            Direction = direction,
            CapturedAt = capturedAt,
            FirstSeen = firstSeen,
            LastSeen = lastSeen,
            Plate = plate,
            Confidence = WireJson.Round(confidence),
            Candidates = CandidateRecord.From(candidates),
            Region = RegionRecord.From(region),
            Box = BoxRecord.From(box),
            FramesUsed = framesUsed,
            Location = LocationRecord.From(location),
        };
}
