using EdgeAlpr.Core.Geometry;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Reads;

namespace EdgeAlpr.Core.Tracking;

/// <summary>
/// Whether a closed vehicle pass is trusted to be a read, or why not. A pass is doubtful when its reading is shorter
/// than the shortest plate its region issues, when its box has no plate's shape, or when it is unconfirmed: less sure
/// than <see cref="PassAcceptanceOptions.MinConfidence"/> and not read exactly alike in
/// <see cref="PassAcceptanceOptions.MinAgreeingFrames"/> frames (nor, below
/// <see cref="PassAcceptanceOptions.MinAgreedConfidence"/>, in any number). The first reason that applies is the one given, so
/// counts per reason add up to the doubtful passes. Doubt is not deletion: the read path still matches a doubtful
/// pass and keeps it for a hit on a mandatory category.
/// </summary>
public sealed class PassAcceptance
{
    private readonly PassAcceptanceOptions _options;
    private readonly PlateRegionRules _rules;

    /// <param name="options">The thresholds; validated here.</param>
    /// <param name="rules">Each region's shortest plate; null: the built-in table.</param>
    public PassAcceptance(PassAcceptanceOptions options, PlateRegionRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid pass acceptance: " + string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _rules = rules ?? PlateRegionRules.BuiltIn;
    }

    public PassAcceptanceOptions Options => _options;

    /// <summary>Null when the pass is a read; otherwise why it is doubtful.</summary>
    public ReadDoubt? Judge(PlatePass pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        RegionRule rule = _rules.For(pass.Region);
        if (pass.Text.Length < rule.MinCharacters)
        {
            return ReadDoubt.TooShort;
        }

        if (!Plausible(pass.Best.Plate.Box))
        {
            return ReadDoubt.ImplausibleBox;
        }

        bool confirmed =
            pass.Confidence >= _options.MinConfidence
            || (pass.Confidence >= _options.MinAgreedConfidence && AgreeingFrames(pass, rule) >= _options.MinAgreeingFrames);
        return confirmed ? null : ReadDoubt.Unconfirmed;
    }

    /// <summary>Sightings whose own reading is the pass's, both as the region prints them (O/0 rules applied to either side or neither).</summary>
    public static int AgreeingFrames(PlatePass pass, RegionRule rule)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(rule);
        string text = rule.Apply(pass.Text);
        int agreeing = 0;
        foreach (PlateSighting s in pass.Sightings)
        {
            if (string.Equals(rule.Apply(s.Plate.Text), text, StringComparison.Ordinal))
            {
                agreeing++;
            }
        }

        return agreeing;
    }

    private bool Plausible(BoundingBox box)
    {
        if (box.Height <= 0f || box.Width <= 0f)
        {
            return false;
        }

        float aspect = box.Width / box.Height;
        return aspect >= _options.MinBoxAspect && aspect <= _options.MaxBoxAspect;
    }
}
