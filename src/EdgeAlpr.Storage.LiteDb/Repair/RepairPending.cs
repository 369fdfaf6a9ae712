using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Storage;

/// <summary>
/// <c>repair.pending</c>: a repair under way, written before anything is moved so that a repair cut
/// short (SIGKILL, power) is finished by the next open rather than leaving a store without files.
/// </summary>
internal sealed record RepairPending(
    [property: JsonPropertyName("quarantine")] string Quarantine,
    [property: JsonPropertyName("cause")] string Cause,
    [property: JsonPropertyName("built")] bool Built
)
{
    public const string FileName = "repair.pending";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static RepairPending? Load(string directory) =>
        File.Exists(PathIn(directory)) ? JsonSerializer.Deserialize<RepairPending>(File.ReadAllBytes(PathIn(directory))) : null;

    public void Save(string directory) => DurableFile.Write(PathIn(directory), JsonSerializer.SerializeToUtf8Bytes(this));
}
