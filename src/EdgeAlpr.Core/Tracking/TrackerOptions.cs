namespace EdgeAlpr.Core.Tracking;

/// <summary>How plate sightings are grouped into vehicle passes.</summary>
public sealed record TrackerOptions
{
    /// <summary>A track not seen for this long is closed and becomes one read.</summary>
    public TimeSpan CloseAfter { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Least overlap of a sighting with a track's predicted box for the two to be matched on overlap and text together.</summary>
    public float MinOverlap { get; init; } = 0.05f;

    /// <summary>Least text similarity (1 − edit distance ÷ length) for a sighting to join a track it overlaps only a little.</summary>
    public float MinTextSimilarity { get; init; } = 0.5f;

    /// <summary>Overlap at which a sighting joins a track whatever it reads (a blurred frame of the same plate).</summary>
    public float SureOverlap { get; init; } = 0.5f;

    /// <summary>
    /// Two readings at least this sure that do not resemble each other (<see cref="MinTextSimilarity"/>) are two plates,
    /// however much they overlap: the next vehicle of a queue at a gate, or the next picture of a fixed camera, stops
    /// where the last one stood. Below it, a reading that differs is a blurred frame of the plate in that place.
    /// </summary>
    public float SureReading { get; init; } = 0.5f;

    /// <summary>At most this many open tracks; beyond it the longest-unseen one is closed early (never dropped).</summary>
    public int MaxOpenTracks { get; init; } = 64;

    /// <summary>Alternative readings each pass carries.</summary>
    public int Candidates { get; init; } = 5;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (CloseAfter <= TimeSpan.Zero)
        {
            problems.Add($"CloseAfter must be positive, got {CloseAfter}");
        }

        if (!(MinOverlap is >= 0f and <= 1f) || !(SureOverlap is > 0f and <= 1f) || MinOverlap > SureOverlap)
        {
            problems.Add($"need 0 ≤ MinOverlap ≤ SureOverlap ≤ 1, got {MinOverlap} and {SureOverlap}");
        }

        if (!(MinTextSimilarity is >= 0f and <= 1f))
        {
            problems.Add($"MinTextSimilarity must be between 0 and 1, got {MinTextSimilarity}");
        }

        if (!(SureReading is > 0f and <= 1f))
        {
            problems.Add($"SureReading must be above 0 and at most 1, got {SureReading}");
        }

        if (MaxOpenTracks < 1 || Candidates < 1)
        {
            problems.Add("MaxOpenTracks and Candidates must be at least 1");
        }

        return problems;
    }
}
