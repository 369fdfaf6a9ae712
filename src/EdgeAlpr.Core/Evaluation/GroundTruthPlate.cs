using System.Globalization;
using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Plates;

namespace EdgeAlpr.Core.Evaluation;

/// <summary>A plate a person marked in a photo: where it is and what it says.</summary>
public sealed record GroundTruthPlate(string ImageName, BoundingBox Box, string Text)
{
    /// <summary>
    /// Parses the dataset line format: <c>NAME.jpg x y width height PLATE</c>, separated by
    /// tabs (or runs of spaces).
    /// </summary>
    /// <exception cref="FormatException">The line is not in that format; the message says why.</exception>
    public static GroundTruthPlate Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string[] fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 6)
        {
            throw new FormatException($"expected 6 fields (image x y width height plate), found {fields.Length}");
        }

        var numbers = new float[4];
        string[] names = ["x", "y", "width", "height"];
        for (int i = 0; i < 4; i++)
        {
            if (
                !float.TryParse(fields[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])
                || !float.IsFinite(numbers[i])
                || numbers[i] < 0
            )
            {
                throw new FormatException($"{names[i]} must be a non-negative number, got '{fields[i + 1]}'");
            }
        }

        if (numbers[2] <= 0 || numbers[3] <= 0)
        {
            throw new FormatException($"the box must have a positive size, got {numbers[2]}x{numbers[3]}");
        }

        string text = PlateText.Normalize(fields[5]);
        if (text.Length == 0 || !text.All(char.IsAsciiLetterOrDigit))
        {
            throw new FormatException($"the plate must be letters and digits, got '{fields[5]}'");
        }

        return new GroundTruthPlate(fields[0], BoundingBox.FromXywh(numbers[0], numbers[1], numbers[2], numbers[3]), text);
    }
}
