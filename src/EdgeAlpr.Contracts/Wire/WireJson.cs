using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAlpr.Contracts.Wire;

/// <summary>The one JSON style of everything the agent prints or sends: snake_case, nulls left out, one object per line.</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } =
        new(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            WriteIndented = false,
        };

    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Rounds for printing; figures beyond this precision are noise.</summary>
    public static double Round(double value, int digits = 4) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
