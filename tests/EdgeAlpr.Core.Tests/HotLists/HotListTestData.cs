using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Tests.HotLists;

/// <summary>Small lists and reads for the hot-list tests.</summary>
internal static class HotListTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static HotListEntry Entry(
        string plate,
        HotListCategory category = HotListCategory.StolenVehicle,
        string? state = null,
        DateTimeOffset? expires = null,
        string source = "NCIC"
    ) =>
        new()
        {
            Plate = plate,
            State = state,
            Category = category,
            Source = source,
            Expires = expires,
            RecordNumber = "V123456789",
        };

    /// <summary>
    /// The matching rules' tests see every match, however unlikely: the least hit score (what the
    /// calibration leaves out) has its own tests, in <see cref="HitCalibrationTests"/>.
    /// </summary>
    public static HotListPolicy EveryMatch { get; } = HotListPolicy.Create(HotListProfile.Standard, new Dictionary<string, CategorySettings>(), 0f);

    public static HotListSnapshot Build(params HotListEntry[] entries) => Build(EveryMatch, entries);

    public static HotListSnapshot Build(HotListPolicy policy, params HotListEntry[] entries)
    {
        var builder = new HotListSnapshotBuilder(policy, OcrEquivalence.Default, 5);
        foreach (HotListEntry e in entries)
        {
            Assert.Null(builder.TryAdd(e));
        }

        return builder.Build(Now);
    }

    public static List<HotListHit> Check(HotListSnapshot snapshot, string read, string? state = null, MatchScope scope = MatchScope.All) =>
        snapshot.Hits([new PlateCandidate(read, 1f)], state, Now, scope);
}
