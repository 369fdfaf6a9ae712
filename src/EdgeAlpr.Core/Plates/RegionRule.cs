using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Plates;

/// <summary>One region's rules: see <see cref="PlateRegionRules"/>.</summary>
public sealed class RegionRule
{
    private readonly Dictionary<char, char> _readAs;

    internal RegionRule(int minCharacters, Dictionary<char, char> readAs)
    {
        MinCharacters = minCharacters;
        _readAs = readAs;
    }

    internal static RegionRule None { get; } = new(1, []);

    /// <summary>The shortest plate the region issues.</summary>
    public int MinCharacters { get; }

    /// <summary>Character substitutions to what the region prints (e.g. O → 0).</summary>
    public IReadOnlyDictionary<char, char> ReadAs => _readAs;

    /// <summary>The text as the region prints it; the same instance when nothing changes.</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_readAs.Count == 0 || text.AsSpan().IndexOfAny([.. _readAs.Keys]) < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, _readAs), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = state.text[i];
                span[i] = state._readAs.TryGetValue(c, out char to) ? to : c;
            }
        });
    }

    /// <summary>
    /// The candidates as the region prints them, best first: readings that become the same text
    /// are merged (their probabilities add up, being one plate in this region), then each reading
    /// that changed follows as it was recognised, so a plate that does break the rule (a vanity
    /// plate) still reaches the hot-list check. Unchanged when no rule applies.
    /// </summary>
    public IReadOnlyList<PlateCandidate> Apply(IReadOnlyList<PlateCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (_readAs.Count == 0 || candidates.All(c => ReferenceEquals(Apply(c.Text), c.Text)))
        {
            return candidates;
        }

        var merged = new List<PlateCandidate>(candidates.Count);
        var changed = new List<PlateCandidate>();
        foreach (PlateCandidate c in candidates)
        {
            string printed = Apply(c.Text);
            if (!ReferenceEquals(printed, c.Text))
            {
                changed.Add(c);
            }

            int at = merged.FindIndex(m => m.Text == printed);
            if (at >= 0)
            {
                merged[at] = merged[at] with { Probability = Math.Min(1f, merged[at].Probability + c.Probability) };
            }
            else
            {
                merged.Add(new PlateCandidate(printed, c.Probability));
            }
        }

        // Stable: equal probabilities keep the recognition's order.
        List<PlateCandidate> result = [.. merged.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Probability).ThenBy(x => x.i).Select(x => x.c)];
        result.AddRange(changed.Where(c => result.TrueForAll(r => r.Text != c.Text)));
        return result;
    }
}
