using System.Text.RegularExpressions;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Plates;

/// <summary>
/// Soft knowledge of how plates are written, by issuing region: a reading that fits a
/// common format of the region the plate probably comes from is preferred over one that
/// does not, when the OCR finds them nearly as likely. Never a filter: a reading that fits
/// no format (vanity, diplomatic, temporary, foreign plates) keeps its place unless a
/// fitting reading is close behind.
/// </summary>
/// <remarks>
/// Formats are the regular series of each region's current system, separators removed.
/// Regions with too many formats to say anything useful (the United States, where every
/// state has several series and vanity plates are common) are left neutral.
/// </remarks>
public sealed class PlateFormatPrior
{
    /// <summary>How much less likely a reading is taken to be when it fits none of its region's formats.</summary>
    public const float DefaultMismatchFactor = 0.2f;

    private static readonly Dictionary<string, string[]> BuiltInFormats = new(StringComparer.Ordinal)
    {
        ["United Kingdom"] = ["^[A-Z]{2}[0-9]{2}[A-Z]{3}$"],
        ["France"] = ["^[A-Z]{2}[0-9]{3}[A-Z]{2}$"],
        ["Italy"] = ["^[A-Z]{2}[0-9]{3}[A-Z]{2}$"],
        ["Spain"] = ["^[0-9]{4}[A-Z]{3}$"],
        ["Portugal"] = ["^[A-Z]{2}[0-9]{2}[A-Z]{2}$", "^[0-9]{2}[A-Z]{2}[0-9]{2}$", "^[0-9]{4}[A-Z]{2}$", "^[A-Z]{2}[0-9]{4}$"],
        ["Slovakia"] = ["^[A-Z]{2}[0-9]{3}[A-Z]{2}$"],
        ["Czech Republic"] = ["^[0-9][A-Z][0-9A-Z][0-9]{4}$"],
        ["Germany"] = ["^[A-Z]{1,3}[A-Z]{1,2}[0-9]{1,4}[EH]?$"],
        ["Netherlands"] =
        [
            "^[A-Z]{2}[0-9]{3}[A-Z]$",
            "^[0-9][A-Z]{3}[0-9]{2}$",
            "^[A-Z]{3}[0-9]{2}[A-Z]$",
            "^[0-9]{2}[A-Z]{3}[0-9]$",
            "^[A-Z][0-9]{3}[A-Z]{2}$",
            "^[A-Z]{2}[0-9]{2}[A-Z]{2}$",
            "^[0-9]{2}[A-Z]{2}[0-9]{2}$",
            "^[A-Z]{2}[A-Z]{2}[0-9]{2}$",
            "^[0-9]{2}[A-Z]{4}$",
        ],
        ["Belgium"] = ["^[0-9][A-Z]{3}[0-9]{3}$"],
        ["Croatia"] = ["^[A-Z]{2}[0-9]{3,4}[A-Z]{1,2}$"],
        ["Serbia"] = ["^[A-Z]{2}[0-9]{3,5}[A-Z]{2}$"],
        ["Hungary"] = ["^[A-Z]{3}[0-9]{3}$", "^[A-Z]{4}[0-9]{3}$"],
        ["Romania"] = ["^[A-Z]{1,2}[0-9]{2,3}[A-Z]{3}$"],
        ["Bulgaria"] = ["^[A-Z]{1,2}[0-9]{4}[A-Z]{2}$"],
        ["Greece"] = ["^[A-Z]{3}[0-9]{4}$"],
        ["Sweden"] = ["^[A-Z]{3}[0-9]{2}[0-9A-Z]$"],
        ["Norway"] = ["^[A-Z]{2}[0-9]{4,5}$"],
        ["Denmark"] = ["^[A-Z]{2}[0-9]{5}$"],
        ["Finland"] = ["^[A-Z]{2,3}[0-9]{1,3}$"],
        ["Lithuania"] = ["^[A-Z]{3}[0-9]{3}$"],
        ["Estonia"] = ["^[0-9]{3}[A-Z]{3}$"],
        ["Poland"] =
        [
            "^[A-Z]{2}[0-9]{5}$",
            "^[A-Z]{2}[0-9]{4}[A-Z]$",
            "^[A-Z]{2}[0-9]{3}[A-Z]{2}$",
            "^[A-Z]{3}[0-9A-Z]{4,5}$",
            "^[A-Z]{2}[0-9][A-Z][0-9]{3}$",
            "^[A-Z]{2}[0-9][A-Z]{2}[0-9]{2}$",
        ],
        ["Switzerland"] = ["^[A-Z]{2}[0-9]{1,6}$"],
    };

    private readonly Dictionary<string, Regex[]> _formats;
    private readonly float _mismatch;

    public PlateFormatPrior(float mismatchFactor = DefaultMismatchFactor)
        : this(BuiltInFormats, mismatchFactor) { }

    public PlateFormatPrior(IReadOnlyDictionary<string, string[]> formats, float mismatchFactor)
    {
        if (!(mismatchFactor is > 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(mismatchFactor), "the mismatch factor must be in (0, 1]");
        }

        _mismatch = mismatchFactor;
        _formats = formats.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Select(p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)).ToArray(),
            StringComparer.Ordinal
        );
    }

    /// <summary>
    /// How plausible <paramref name="text"/> is given where the plate probably comes from: the
    /// region probabilities' expectation of 1 (fits a format, or region without known formats)
    /// or the mismatch factor (fits none).
    /// </summary>
    public float Plausibility(string text, IReadOnlyList<string> regions, ReadOnlySpan<float> regionProbabilities)
    {
        float total = 0f,
            mass = 0f;
        for (int r = 0; r < regionProbabilities.Length; r++)
        {
            float p = regionProbabilities[r];
            mass += p;
            if (p < 1e-4f || !_formats.TryGetValue(regions[r], out Regex[]? patterns))
            {
                total += p;
                continue;
            }

            total += p * (patterns.Any(x => x.IsMatch(text)) ? 1f : _mismatch);
        }

        return mass <= 0f ? 1f : total / mass;
    }

    /// <summary>
    /// Picks the plate's reading by OCR probability × plausibility and moves it to the front;
    /// the other candidates keep their OCR order and probabilities, so the list still covers
    /// what the OCR found likely (a plate that fits no format stays in it for hot-list checks).
    /// </summary>
    public IReadOnlyList<PlateCandidate> ChooseBest(
        IReadOnlyList<PlateCandidate> candidates,
        IReadOnlyList<string> regions,
        ReadOnlySpan<float> regionProbabilities
    )
    {
        if (candidates.Count < 2)
        {
            return candidates;
        }

        int best = 0;
        double bestScore = double.MinValue;
        for (int i = 0; i < candidates.Count; i++)
        {
            double score = candidates[i].Probability * Plausibility(candidates[i].Text, regions, regionProbabilities);
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        if (best == 0)
        {
            return candidates;
        }

        var reordered = new List<PlateCandidate>(candidates.Count) { candidates[best] };
        for (int i = 0; i < candidates.Count; i++)
        {
            if (i != best)
            {
                reordered.Add(candidates[i]);
            }
        }

        return reordered;
    }
}
