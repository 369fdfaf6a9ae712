using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAlpr.Models;

/// <summary>One file a model needs: what it is called, what it must hash to, and where it comes from.</summary>
public sealed record ModelFile(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("url")] string Url
)
{
    /// <summary>How the file is made from another model's weights, when it is derived rather than fetched.</summary>
    [JsonIgnore]
    public ModelDerivation? Derived { get; init; }
}

/// <summary>
/// A model file made on this machine from another model's verified weights by a deterministic
/// transform, then verified against the manifest's SHA-256 like a fetched one.
/// </summary>
/// <param name="From">The id of the model whose weights are transformed.</param>
/// <param name="Transform">What is done to them: <see cref="ModelDerivation.Dequantize"/>.</param>
public sealed record ModelDerivation([property: JsonPropertyName("from")] string From, [property: JsonPropertyName("transform")] string Transform)
{
    /// <summary>A dynamically quantised model turned back into float (<c>Onnx.DynamicQuantizationRemover</c>).</summary>
    public const string Dequantize = "dequantize";
}

/// <summary>A model the agent can run, as <c>models/manifest.json</c> describes it.</summary>
public sealed record ModelEntry
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary><c>detector</c> or <c>ocr</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    [JsonPropertyName("file")]
    public required string File { get; init; }

    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>Where the weights are downloaded from; empty for a derived model.</summary>
    [JsonPropertyName("url")]
    public string Url { get; init; } = "";

    [JsonPropertyName("licence")]
    public required string Licence { get; init; }

    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    [JsonPropertyName("input")]
    public string Input { get; init; } = "";

    [JsonPropertyName("output")]
    public string Output { get; init; } = "";

    /// <summary>The plate config (YAML) an OCR model is read with.</summary>
    [JsonPropertyName("config")]
    public ModelFile? Config { get; init; }

    /// <summary>Made at fetch from another model's weights rather than fetched.</summary>
    [JsonPropertyName("derived")]
    public ModelDerivation? Derived { get; init; }

    public ModelFile Weights => new(File, Sha256, Size, Url) { Derived = Derived };

    /// <summary>The weights, then the config if there is one.</summary>
    public IEnumerable<ModelFile> Files => Config is null ? [Weights] : [Weights, Config];
}

/// <summary>The list of models the agent knows, with their checksums.</summary>
public sealed class ModelManifest
{
    public const string DetectorRole = "detector";
    public const string OcrRole = "ocr";

    private const string ResourceName = "EdgeAlpr.Models.manifest.json";

    public ModelManifest(IReadOnlyList<ModelEntry> models)
    {
        Models = models;
        var problems = new List<string>();
        foreach (ModelEntry m in models)
        {
            if (m.Role is not (DetectorRole or OcrRole))
            {
                problems.Add($"model '{m.Id}': role must be '{DetectorRole}' or '{OcrRole}', got '{m.Role}'");
            }

            if (m.Role == OcrRole && m.Config is null)
            {
                problems.Add($"model '{m.Id}': an OCR model needs its plate config");
            }

            problems.AddRange(DerivationProblems(m, models));
            foreach (ModelFile f in m.Files)
            {
                if (f.Sha256.Length != 64 || !f.Sha256.All(char.IsAsciiHexDigitLower))
                {
                    problems.Add($"model '{m.Id}': {f.File}: sha256 must be 64 lowercase hex digits");
                }

                if (f.File.Contains('/') || f.File.Contains('\\') || f.File.StartsWith('.'))
                {
                    problems.Add($"model '{m.Id}': file name '{f.File}' must be a plain file name");
                }
            }
        }

        foreach (IGrouping<string, ModelEntry> dup in models.GroupBy(m => m.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"model id '{dup.Key}' appears {dup.Count()} times");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException("invalid model manifest: " + string.Join("; ", problems));
        }
    }

    public IReadOnlyList<ModelEntry> Models { get; }

    /// <summary>The manifest built into this binary (a copy of <c>models/manifest.json</c>).</summary>
    public static ModelManifest BuiltIn { get; } = LoadBuiltIn();

    public static ModelManifest Parse(Stream json)
    {
        Document doc = JsonSerializer.Deserialize<Document>(json) ?? throw new InvalidDataException("invalid model manifest: empty document");
        return new ModelManifest(doc.Models ?? []);
    }

    public ModelEntry Find(string id, string role)
    {
        ModelEntry? entry = Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));
        if (entry is null)
        {
            string known = string.Join(", ", Models.Where(m => m.Role == role).Select(m => m.Id));
            throw new KeyNotFoundException($"unknown {role} model '{id}'; known {role} models: {known}");
        }

        if (entry.Role != role)
        {
            throw new InvalidOperationException($"model '{id}' is a {entry.Role} model, not a {role} model");
        }

        return entry;
    }

    private static IEnumerable<string> DerivationProblems(ModelEntry m, IReadOnlyList<ModelEntry> models)
    {
        if (m.Derived is not { } d)
        {
            if (string.IsNullOrWhiteSpace(m.Url))
            {
                yield return $"model '{m.Id}': a url is needed (or 'derived' for a model made from another)";
            }

            yield break;
        }

        if (d.Transform != ModelDerivation.Dequantize)
        {
            yield return $"model '{m.Id}': unknown derivation transform '{d.Transform}' (known: {ModelDerivation.Dequantize})";
        }

        ModelEntry? source = models.FirstOrDefault(s => s.Id == d.From);
        if (source is null || source.Id == m.Id || source.Derived is not null)
        {
            yield return $"model '{m.Id}': derived from '{d.From}', which must be another, fetched model of the manifest";
        }
        else if (source.Role != m.Role)
        {
            yield return $"model '{m.Id}': a {m.Role} model cannot be derived from the {source.Role} model '{source.Id}'";
        }

        if (m.Config is not null)
        {
            yield return $"model '{m.Id}': a derived model has no config of its own";
        }
    }

    private static ModelManifest LoadBuiltIn()
    {
        using Stream stream = typeof(ModelManifest).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the build lost its embedded {ResourceName}");
        return Parse(stream);
    }

    private sealed record Document(
        [property: JsonPropertyName("schema_version")] int SchemaVersion,
        [property: JsonPropertyName("models")] List<ModelEntry>? Models
    );
}
