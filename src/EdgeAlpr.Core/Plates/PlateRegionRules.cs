using System.Text.Json;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Plates;

/// <summary>
/// How each issuing region prints plates, as far as a reading can use it: the characters it
/// prints in place of a look-alike it does not issue (the United States: O as 0) and the shortest
/// plate it issues. The rules are data (<c>plate-regions.json</c>, embedded), so adding a region
/// is a line of JSON with its reason, not code.
/// </summary>
public sealed class PlateRegionRules
{
    /// <summary>A region's rules apply only when the region head is at least this sure of it.</summary>
    public const float DefaultMinRegionConfidence = 0.5f;

    private const string ResourceName = "EdgeAlpr.Core.Plates.plate-regions.json";

    private static readonly Lazy<PlateRegionRules> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, RegionRule> _regions;

    private PlateRegionRules(RegionRule fallback, Dictionary<string, RegionRule> regions, float minRegionConfidence)
    {
        Default = fallback;
        _regions = regions;
        MinRegionConfidence = minRegionConfidence;
    }

    /// <summary>The rules shipped with the product.</summary>
    public static PlateRegionRules BuiltIn => Embedded.Value;

    /// <summary>The rule of a plate whose region is unknown or not in the table.</summary>
    public RegionRule Default { get; }

    public float MinRegionConfidence { get; }

    /// <summary>The regions that have their own rule.</summary>
    public IReadOnlyCollection<string> Regions => _regions.Keys;

    /// <summary>The rule for a plate of this region; the default when the region is unsure, unknown or has none.</summary>
    public RegionRule For(RegionGuess? region) =>
        region is not null && region.Confidence >= MinRegionConfidence && _regions.TryGetValue(region.Name, out RegionRule? rule) ? rule : Default;

    /// <summary>Parses a rules table; a bad one is refused with every problem named.</summary>
    /// <exception cref="FormatException">The table is not valid.</exception>
    public static PlateRegionRules Parse(string json, float minRegionConfidence = DefaultMinRegionConfidence)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!(minRegionConfidence is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(minRegionConfidence), "the region confidence must be between 0 and 1");
        }

        var problems = new List<string>();
        using JsonDocument document = ParseDocument(json);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("default", out JsonElement defaults))
        {
            throw new FormatException("plate region rules: the table must be an object with a 'default' rule");
        }

        RegionRule fallback = ReadRule("default", defaults, null, problems);
        var regions = new Dictionary<string, RegionRule>(StringComparer.Ordinal);
        if (root.TryGetProperty("regions", out JsonElement list))
        {
            if (list.ValueKind != JsonValueKind.Object)
            {
                problems.Add("'regions' must be an object of region name to rule");
            }
            else
            {
                foreach (JsonProperty region in list.EnumerateObject())
                {
                    regions[region.Name] = ReadRule(region.Name, region.Value, fallback, problems);
                }
            }
        }

        return problems.Count > 0
            ? throw new FormatException("plate region rules: " + string.Join("; ", problems))
            : new PlateRegionRules(fallback, regions, minRegionConfidence);
    }

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"plate region rules: not JSON ({e.Message})", e);
        }
    }

    private static RegionRule ReadRule(string name, JsonElement rule, RegionRule? fallback, List<string> problems)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{name}: a rule must be an object");
            return fallback ?? RegionRule.None;
        }

        int minCharacters = fallback?.MinCharacters ?? 1;
        if (rule.TryGetProperty("min_characters", out JsonElement min))
        {
            if (min.ValueKind != JsonValueKind.Number || !min.TryGetInt32(out minCharacters) || minCharacters is < 1 or > PlateKey.MaxLength)
            {
                problems.Add($"{name}: min_characters must be a whole number from 1 to {PlateKey.MaxLength}");
                minCharacters = 1;
            }
        }

        var readAs = new Dictionary<char, char>();
        if (rule.TryGetProperty("read_as", out JsonElement map))
        {
            if (map.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{name}: read_as must be an object of character to character");
            }
            else
            {
                foreach (JsonProperty pair in map.EnumerateObject())
                {
                    string? to = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString() : null;
                    if (
                        pair.Name.Length != 1
                        || to is not { Length: 1 }
                        || !IsPlateCharacter(pair.Name[0])
                        || !IsPlateCharacter(to[0])
                        || pair.Name == to
                    )
                    {
                        problems.Add($"{name}: read_as '{pair.Name}' must map one plate character (A-Z, 0-9) to another");
                        continue;
                    }

                    readAs[pair.Name[0]] = to[0];
                }
            }
        }

        if (readAs.Keys.Any(readAs.ContainsValue))
        {
            problems.Add($"{name}: read_as must not chain (a character both replaced and a replacement)");
        }

        return new RegionRule(minCharacters, readAs);
    }

    private static bool IsPlateCharacter(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    private static PlateRegionRules LoadEmbedded()
    {
        using Stream stream = typeof(PlateRegionRules).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the build lost the embedded {ResourceName}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
