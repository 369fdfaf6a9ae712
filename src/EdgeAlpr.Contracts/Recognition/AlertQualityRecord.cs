using System.Text.Json.Serialization;

namespace EdgeAlpr.Contracts.Recognition;

/// <summary>
/// What reaches the officer on a dataset matched against a large hot list (<c>edge-alpr eval
/// --hotlist-background N</c>); its fields join the eval line's.
/// </summary>
/// <param name="HotlistBackground">Synthetic entries besides the dataset's plates.</param>
/// <param name="HotlistEntries">Entries in the list matched against.</param>
/// <param name="Seed">Seed of the synthetic entries.</param>
/// <param name="ListedPlates">Dataset plates, each listed as a stolen vehicle (state unknown).</param>
/// <param name="Reads">Reads made from the dataset's photos (passes that became reads).</param>
/// <param name="HitRecall">Share of listed plates whose own entry sounded an alert.</param>
/// <param name="HitRecallAny">Share of listed plates with any hit on their own entry, quiet included.</param>
/// <param name="FalseSoundingPer1000">Sounding alerts on any other entry per 1,000 reads (dataset and passing photos).</param>
/// <param name="FalseQuietPer1000">Quiet (screen and LED only) alerts on any other entry per 1,000 reads.</param>
/// <param name="FalseHitsPer1000">Hits of any kind on any other entry per 1,000 reads (stored and forwarded).</param>
/// <param name="PassingReads">Reads made from the passing photos (plates not listed).</param>
/// <param name="PassingFalseSoundingPer1000">Sounding alerts per 1,000 passing reads.</param>
/// <param name="PassingFalseQuietPer1000">Quiet alerts per 1,000 passing reads.</param>
/// <param name="SuppressedReads">Passes not made reads (too short, unconfirmed, implausible box), dataset and passing.</param>
/// <param name="AlertMisses">Listed plates whose own entry did not sound, with what was read.</param>
/// <param name="FalseAlerts">The false alerts (sounding and quiet), at most <see cref="Shown"/>.</param>
public sealed record AlertQualityRecord(
    int HotlistBackground,
    int HotlistEntries,
    int Seed,
    int ListedPlates,
    int Reads,
    double HitRecall,
    double HitRecallAny,
    [property: JsonPropertyName("false_sounding_per_1000")] double FalseSoundingPer1000,
    [property: JsonPropertyName("false_quiet_per_1000")] double FalseQuietPer1000,
    [property: JsonPropertyName("false_hits_per_1000")] double FalseHitsPer1000,
    int PassingReads,
    [property: JsonPropertyName("passing_false_sounding_per_1000")] double? PassingFalseSoundingPer1000,
    [property: JsonPropertyName("passing_false_quiet_per_1000")] double? PassingFalseQuietPer1000,
    int SuppressedReads,
    IReadOnlyList<AlertMissRecord> AlertMisses,
    IReadOnlyList<FalseAlertRecord> FalseAlerts
)
{
    /// <summary>Hit recall and false alerts at other sounding scores, the same reads and list: the operating curve.</summary>
    public IReadOnlyList<OperatingPointRecord> OperatingPoints { get; init; } = [];

    public const int Shown = 50;
}

/// <summary>A listed plate that did not sound: what its photo read, and its best hit on its own entry if any.</summary>
public sealed record AlertMissRecord(string File, string Truth, IReadOnlyList<string> Read, string? OwnMatch, double? OwnScore, bool OwnQuiet);

/// <summary>An alert on an entry other than the photo's own plate.</summary>
public sealed record FalseAlertRecord(string File, string Read, string Listed, string Match, double Score, int CandidateRank, bool Sounding);

/// <summary>Recall and false alerts with <c>Alerts:SoundingScore</c> at one value.</summary>
public sealed record OperatingPointRecord(
    double SoundingScore,
    double HitRecall,
    [property: JsonPropertyName("false_sounding_per_1000")] double FalseSoundingPer1000,
    [property: JsonPropertyName("passing_false_sounding_per_1000")] double? PassingFalseSoundingPer1000
);
