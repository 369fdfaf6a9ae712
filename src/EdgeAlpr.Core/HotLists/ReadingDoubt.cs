using System.Runtime.CompilerServices;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.HotLists;

/// <summary>
/// How unsure a read is at each position of one of its candidates, from the candidates
/// themselves: the OCR's probability mass that puts another character there (other
/// candidates of the same length that differ there, and the mass no candidate holds). A fuzzy
/// match is only as likely as the read is unsure where the listed plate differs, so this is
/// what calibrates its score: a sure read of ABC123 is not the listed ABC128, and a read
/// whose last character is a coin toss between 3 and 8 may well be.
/// </summary>
/// <remarks>
/// A value with the positions inline, so matching a read still allocates nothing. The OCR's
/// slots are independent given the picture, so the probability of the listed text is the
/// candidate's probability with, at each differing position, the candidate's character
/// replaced by the listed one; the listed character has at most the doubt's mass, which
/// gives the bound <see cref="Substitution"/> returns.
/// </remarks>
internal struct ReadingDoubt
{
    // Odds are capped: an even split says the listed reading is as likely as the read one, no more.
    private const float MaxOdds = 1f;

    private Positions _doubt;
    private int _length;

    /// <summary>
    /// Doubt at each position of <paramref name="candidates"/>[<paramref name="index"/>], whose
    /// normalised text is <paramref name="normalized"/>; the others are compared as they are (an
    /// OCR's candidates are normalised already).
    /// </summary>
    public static ReadingDoubt Of(ReadOnlySpan<PlateCandidate> candidates, int index, ReadOnlySpan<char> normalized)
    {
        var doubt = new ReadingDoubt { _length = Math.Min(normalized.Length, PlateKey.MaxLength) };
        for (int i = 0; i < doubt._length; i++)
        {
            float agree = 0f;
            for (int d = 0; d < candidates.Length; d++)
            {
                string other = candidates[d].Text;
                if (d == index || (other.Length == normalized.Length && other[i] == normalized[i]))
                {
                    agree += Math.Clamp(candidates[d].Probability, 0f, 1f);
                }
            }

            doubt._doubt[i] = Math.Clamp(1f - agree, 0f, 1f);
        }

        return doubt;
    }

    /// <summary>The doubt at one position; the largest at either end beyond the read.</summary>
    public readonly float At(int position) => _length == 0 ? 1f : _doubt[Math.Clamp(position, 0, _length - 1)];

    /// <summary>
    /// How much likelier than not the listed plate is, relative to the read candidate, when they
    /// differ by substitutions: the product over differing positions of doubt ÷ certainty.
    /// </summary>
    public readonly float Substitution(ulong listed, ulong read)
    {
        float factor = 1f;
        int length = Math.Min(PlateKey.Length(read), _length);
        for (int i = 0; i < length; i++)
        {
            if (PlateKey.CodeAt(listed, i) != PlateKey.CodeAt(read, i))
            {
                factor *= Odds(_doubt[i]);
            }
        }

        return factor;
    }

    /// <summary>
    /// The read lacks one character of the listed plate: as likely, relative to the read, as the
    /// read is unsure next to where the character goes (a character lost at a blurred or cut edge
    /// leaves its neighbour unsure), in odds as for <see cref="Substitution"/>.
    /// </summary>
    public readonly float Missing(ulong listedCanon, ulong readCanon)
    {
        int length = PlateKey.Length(readCanon);
        int at = 0;
        while (at < length && PlateKey.CodeAt(listedCanon, at) == PlateKey.CodeAt(readCanon, at))
        {
            at++;
        }

        return Odds(Math.Max(At(at - 1), At(at)));
    }

    /// <summary>The read has one character more than the listed plate, at <paramref name="position"/>: as likely as that character is in doubt.</summary>
    public readonly float Extra(int position) => Odds(At(position));

    private static float Odds(float doubt) => doubt >= 0.5f ? MaxOdds : doubt / (1f - doubt);

    [InlineArray(PlateKey.MaxLength)]
    private struct Positions
    {
        private float _element;
    }
}
