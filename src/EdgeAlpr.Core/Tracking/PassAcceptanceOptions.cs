using System.Globalization;

namespace EdgeAlpr.Core.Tracking;

/// <summary>When a vehicle pass is trusted to be a read (see <see cref="PassAcceptance"/>).</summary>
public sealed record PassAcceptanceOptions
{
    /// <summary>
    /// A pass at least this sure of its reading (the fused reading's confidence) is confirmed by itself. Chosen from the dev
    /// sets (docs/recognition.md, "Which passes become reads"): on clips of them genuine plates' passes read at 0.23 and
    /// more, junk at 0.02 and less; single photos' misreads and non-plates at up to 0.046.
    /// </summary>
    public float MinConfidence { get; init; } = 0.1f;

    /// <summary>
    /// Below <see cref="MinConfidence"/>, a pass is confirmed by this many frames each reading exactly its text: junk passes
    /// of the dev clips had at most 2 such frames, genuine ones at least 3.
    /// </summary>
    public int MinAgreeingFrames { get; init; } = 3;

    /// <summary>
    /// No number of agreeing frames confirms a pass less sure than this: frames of a still scene are the same picture read
    /// again, not fresh evidence, and a reading below 1% is noise however often it repeats (the dev clips' <c>1111111</c>
    /// at 0.0001, read so in 4 of 7 frames of one blurred plate).
    /// </summary>
    public float MinAgreedConfidence { get; init; } = 0.01f;

    /// <summary>The narrowest plausible plate box, width ÷ height: square motorcycle and US two-line plates are about 1.</summary>
    public float MinBoxAspect { get; init; } = 0.8f;

    /// <summary>The widest plausible plate box, width ÷ height: a one-line EU plate is about 4.7, with the detector's slack more.</summary>
    public float MaxBoxAspect { get; init; } = 8f;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(MinConfidence is >= 0f and <= 1f))
        {
            problems.Add($"MinConfidence must be between 0 and 1, got {MinConfidence.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!(MinAgreedConfidence >= 0f && MinAgreedConfidence <= MinConfidence))
        {
            problems.Add(
                $"MinAgreedConfidence must be between 0 and MinConfidence ({MinConfidence.ToString(CultureInfo.InvariantCulture)}), got {MinAgreedConfidence.ToString(CultureInfo.InvariantCulture)}"
            );
        }

        if (MinAgreeingFrames is < 1 or > 1000)
        {
            problems.Add($"MinAgreeingFrames must be between 1 and 1000, got {MinAgreeingFrames}");
        }

        if (!(MinBoxAspect > 0f) || !(MaxBoxAspect >= MinBoxAspect) || float.IsInfinity(MaxBoxAspect))
        {
            problems.Add(
                $"need 0 < MinBoxAspect ≤ MaxBoxAspect, got {MinBoxAspect.ToString(CultureInfo.InvariantCulture)} and {MaxBoxAspect.ToString(CultureInfo.InvariantCulture)}"
            );
        }

        return problems;
    }
}
