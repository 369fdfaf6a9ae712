using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAlpr.Storage;

/// <summary>What a migration to the sealed format copied; kept in <c>migrating/ready</c> until it is done, then audited.</summary>
internal sealed record MigrationReport(
    [property: JsonPropertyName("reads")] long Reads,
    [property: JsonPropertyName("documents")] long Documents,
    [property: JsonPropertyName("images")] long Images,
    [property: JsonPropertyName("damaged_images")] IReadOnlyList<string> DamagedImages,
    [property: JsonPropertyName("at")] DateTimeOffset At
)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static MigrationReport Load(string path) =>
        JsonSerializer.Deserialize<MigrationReport>(File.ReadAllBytes(path)) ?? throw new JsonException($"{path} is empty");
}
