using EdgeAlpr.Core.Plates;
using EdgeAlpr.TestKit.Fuzzing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests;

/// <summary>Plates come in hot lists, commands and reads: normalising any text returns, drops every separator, and never grows it.</summary>
public class PlateTextParserProperties
{
    [Property(MaxTest = 400)]
    public Property Any_text_normalises_to_one_without_separators_and_no_longer() =>
        Prop.ForAll(
            Gen.Frequency((1, Mutations.RandomText(" -.·_abcXYZ019*\t\u00a0\u2028", 200)), (1, Mutations.Of("ab-123 ·xy"u8.ToArray()))).ToArbitrary(),
            input => CleanParse.Check(input, () =>
                {
                    string text = input.Utf8;
                    string plate = PlateText.Normalize(text);
                    Span<char> small = stackalloc char[4];
                    int written = PlateText.NormalizeInto(text, small);
                    if (
                        plate.Length > text.Length
                        || plate.Any(c => char.IsWhiteSpace(c) || c is '-' or '.' or '·' or '_')
                        || (written >= 0 ? !small[..written].SequenceEqual(plate) : plate.Length <= small.Length)
                    )
                    {
                        throw new InvalidOperationException($"'{text}' normalised to '{plate}'");
                    }
                })
        );
}
