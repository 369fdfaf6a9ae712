using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Application.ReadPath;

/// <summary>
/// Recall first: a read recognition doubts (<see cref="Core.Reads.PlateRead.Doubt"/>) is kept only for a hit that
/// must never be missed: an entry of a mandatory category (<see cref="HotListCategories.MandatoryAlerts"/>: felony,
/// stolen vehicle or plate, AMBER, SILVER; the entry's own category or one it is also listed as) matched exactly (any
/// state) or up to characters an OCR confuses, by any of the read's candidates. A fuzzy match (a character missing
/// or extra, a wildcard) on a doubtful reading is the coincidence false stops are made of, and a hit on any other
/// category is not worth a stop on a reading nobody trusts, so neither keeps it; a kept read carries only the hits
/// that kept it.
/// </summary>
public static class DoubtfulReads
{
    /// <summary>Whether this hit keeps a doubtful read.</summary>
    public static bool Keeps(HotListHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        bool sureKind = hit.Kind is MatchKind.Exact or MatchKind.ExactStateUnknown or MatchKind.ExactOtherState or MatchKind.OcrEquivalent;
        return sureKind
            && (
                HotListCategories.MandatoryAlerts.Contains(hit.Entry.Category)
                || hit.Entry.AlsoListedAs.Any(HotListCategories.MandatoryAlerts.Contains)
            );
    }

    /// <summary>The hits that keep a doubtful read, in their order; none: the read is suppressed.</summary>
    public static List<HotListHit> Keeping(IEnumerable<HotListHit> hits) => [.. hits.Where(Keeps)];
}
