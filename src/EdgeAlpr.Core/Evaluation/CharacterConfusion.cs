namespace EdgeAlpr.Core.Evaluation;

/// <summary>
/// One kind of character error: the plate had <see cref="Truth"/> where the reading had
/// <see cref="Read"/>. An empty side is a character missed (Read empty) or added (Truth empty).
/// </summary>
public sealed record CharacterConfusion(string Truth, string Read, int Count);

/// <summary>Tallies character errors between truths and readings.</summary>
public sealed class ConfusionCounter
{
    private readonly Dictionary<(string Truth, string Read), int> _counts = [];

    /// <summary>
    /// Aligns the two texts with the fewest edits (Levenshtein) and counts each substitution,
    /// missed and added character. Among equally short alignments, substitutions are
    /// preferred, which is how OCR usually errs.
    /// </summary>
    public void Add(string truth, string read)
    {
        int n = truth.Length,
            m = read.Length;
        var d = new int[n + 1, m + 1];
        for (int i = 0; i <= n; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= m; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= m; j++)
            {
                int substitute = d[i - 1, j - 1] + (truth[i - 1] == read[j - 1] ? 0 : 1);
                d[i, j] = Math.Min(substitute, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
            }
        }

        for (int i = n, j = m; i > 0 || j > 0; )
        {
            if (i > 0 && j > 0 && d[i, j] == d[i - 1, j - 1] + (truth[i - 1] == read[j - 1] ? 0 : 1))
            {
                if (truth[i - 1] != read[j - 1])
                {
                    Count(truth[i - 1].ToString(), read[j - 1].ToString());
                }

                i--;
                j--;
            }
            else if (i > 0 && d[i, j] == d[i - 1, j] + 1)
            {
                Count(truth[i - 1].ToString(), "");
                i--;
            }
            else
            {
                Count("", read[j - 1].ToString());
                j--;
            }
        }
    }

    /// <summary>The most frequent errors, most frequent first.</summary>
    public IReadOnlyList<CharacterConfusion> Top(int count) =>
        _counts
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key.Truth, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Read, StringComparer.Ordinal)
            .Take(count)
            .Select(kv => new CharacterConfusion(kv.Key.Truth, kv.Key.Read, kv.Value))
            .ToList();

    private void Count(string truth, string read) => _counts[(truth, read)] = _counts.GetValueOrDefault((truth, read)) + 1;
}
