using System.Globalization;
using EdgeAlpr.Core.Geometry;

namespace EdgeAlpr.Core.Capture;

/// <summary>
/// A polygon in frame pixels where plates count (the lanes, not the parking lot beside them);
/// a plate counts when its box centre is inside. Written as <c>x1,y1 x2,y2 x3,y3 …</c>.
/// </summary>
public sealed class DetectionZone
{
    private readonly (float X, float Y)[] _points;

    public DetectionZone(IReadOnlyList<(float X, float Y)> points)
    {
        if (points.Count < 3)
        {
            throw new ArgumentException($"a zone needs at least 3 points, got {points.Count}", nameof(points));
        }

        _points = [.. points];
    }

    /// <exception cref="FormatException">Not a list of at least three x,y pairs.</exception>
    public static DetectionZone Parse(string text)
    {
        var points = new List<(float, float)>();
        foreach (string pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] xy = pair.Split(',');
            if (
                xy.Length != 2
                || !float.TryParse(xy[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float x)
                || !float.TryParse(xy[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float y)
            )
            {
                throw new FormatException($"zone point '{pair}' is not x,y");
            }

            points.Add((x, y));
        }

        if (points.Count < 3)
        {
            throw new FormatException($"a zone needs at least 3 points, got {points.Count}");
        }

        return new DetectionZone(points);
    }

    public bool Contains(BoundingBox box) => Contains((box.X1 + box.X2) / 2, (box.Y1 + box.Y2) / 2);

    /// <summary>Even–odd rule: a ray from the point crosses the boundary an odd number of times when inside.</summary>
    public bool Contains(float x, float y)
    {
        bool inside = false;
        for (int i = 0, j = _points.Length - 1; i < _points.Length; j = i++)
        {
            (float xi, float yi) = _points[i];
            (float xj, float yj) = _points[j];
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
