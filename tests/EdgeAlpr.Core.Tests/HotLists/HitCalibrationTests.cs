using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;
using static EdgeAlpr.Core.Tests.HotLists.HotListTestData;

namespace EdgeAlpr.Core.Tests.HotLists;

/// <summary>
/// A near match is scored by how unsure the read is where the listed plate differs, and one
/// below the least hit score is no hit: a sure read of a plate next to a listed one on a list of
/// millions is a coincidence, an unsure one may be the listed car.
/// </summary>
public class HitCalibrationTests
{
    private static readonly HotListSnapshot Listed = Build(
        HotListPolicy.Default,
        Entry("ABC128", HotListCategory.StolenVehicle),
        Entry("XYZ7890", HotListCategory.StolenVehicle),
        Entry("LMN456", HotListCategory.FelonyVehicle)
    );

    [Fact]
    public void A_sure_read_is_not_a_hit_on_a_listed_plate_one_confusion_away()
    {
        Assert.Empty(Listed.Hits([new PlateCandidate("ABC12B", 0.97f)], null, Now));
    }

    [Fact]
    public void A_read_unsure_at_the_confused_position_is_a_hit_scored_by_that_doubt()
    {
        HotListHit hit = Assert.Single(Listed.Hits([new PlateCandidate("ABC12B", 0.55f), new PlateCandidate("ABC12E", 0.40f)], null, Now));
        Assert.Equal(MatchKind.OcrEquivalent, hit.Kind);
        // Doubt at the last character 1 − 0.55 = 0.45: odds 0.45 / 0.55; score = 0.9 × 0.55 × odds.
        Assert.Equal(0.9f * 0.55f * (0.45f / 0.55f), hit.Score, 3);

        // Unsure elsewhere only: the listed plate is as unlikely as for a sure read.
        Assert.Empty(Listed.Hits([new PlateCandidate("ABC12B", 0.55f), new PlateCandidate("ABD12B", 0.40f)], null, Now));
    }

    [Fact]
    public void A_missing_character_is_a_hit_only_where_the_read_is_unsure_next_to_it()
    {
        Assert.Empty(Listed.Hits([new PlateCandidate("XYZ790", 0.95f)], null, Now));

        // The OCR could not tell the third and fourth characters apart from padding: a character may be lost there.
        HotListHit lost = Assert.Single(
            Listed.Hits([new PlateCandidate("XYZ790", 0.5f), new PlateCandidate("XY790", 0.3f), new PlateCandidate("XYZ90", 0.1f)], null, Now)
        );
        Assert.Equal(MatchKind.MissingCharacter, lost.Kind);
        // Doubt 0.5 at the fifth character (no other six-character reading agrees): odds 1; score = 0.25 × 0.5 × 1.
        Assert.Equal(0.25f * 0.5f, lost.Score, 3);
    }

    [Fact]
    public void The_read_itself_on_the_list_is_always_a_hit_and_a_lower_candidate_by_its_probability()
    {
        HotListHit own = Assert.Single(Listed.Hits([new PlateCandidate("LMN456", 0.03f)], null, Now));
        Assert.Equal(MatchKind.ExactStateUnknown, own.Kind);
        Assert.Equal(0, own.CandidateRank);

        Assert.Empty(Listed.Hits([new PlateCandidate("LMN458", 0.9f), new PlateCandidate("LMN456", 0.05f)], null, Now));
        HotListHit lower = Assert.Single(Listed.Hits([new PlateCandidate("LMN458", 0.6f), new PlateCandidate("LMN456", 0.35f)], null, Now));
        Assert.Equal(1, lower.CandidateRank);
        Assert.Equal(0.95f * 0.35f, lower.Score, 3);
    }

    [Fact]
    public void The_least_hit_score_is_a_setting_checked_at_start()
    {
        HotListSnapshot every = Build(EveryMatch, Entry("ABC128", HotListCategory.StolenVehicle));
        Assert.Single(every.Hits([new PlateCandidate("ABC12B", 0.97f)], null, Now));
        Assert.Throws<ArgumentException>(() => HotListPolicy.Create(HotListProfile.Standard, new Dictionary<string, CategorySettings>(), -0.1f));
    }
}
