using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Core.Tests.HotLists;

/// <summary>
/// The matching rules written the slow, obvious way on strings, independent of the packed keys
/// and indexes, for the property tests to compare the matcher against.
/// </summary>
internal static class MatchingOracle
{
    public static string Canonical(string text) =>
        new(text.Select(c => OcrEquivalence.DefaultClasses.FirstOrDefault(k => k.Contains(c))?[0] ?? c).ToArray());

    public static MatchKind? Kind(HotListEntry entry, string read, string? readState, DateTimeOffset now, int minLength)
    {
        if (entry.IsExpired(now))
        {
            return null;
        }

        bool sameOrUnknownState = entry.State is null || readState is null || entry.State == readState;
        MatchKind? Near(MatchKind kind) => sameOrUnknownState ? kind : null;
        string plate = entry.Plate;
        if (plate.Contains('*'))
        {
            return
                plate.Length == read.Length
                && plate.Zip(read).All(p => p.First == '*' || Canonical(p.First.ToString()) == Canonical(p.Second.ToString()))
                ? Near(MatchKind.Wildcard)
                : null;
        }

        if (plate == read)
        {
            return entry.State is null || readState is null ? MatchKind.ExactStateUnknown
                : entry.State == readState ? MatchKind.Exact
                : MatchKind.ExactOtherState;
        }

        string cp = Canonical(plate);
        string cr = Canonical(read);
        if (cp == cr)
        {
            return Near(MatchKind.OcrEquivalent);
        }

        if (read.Length >= minLength && cp.Length == cr.Length + 1 && Enumerable.Range(0, cp.Length).Any(i => cp.Remove(i, 1) == cr))
        {
            return Near(MatchKind.MissingCharacter);
        }

        if (cp.Length >= minLength && cr.Length == cp.Length + 1 && Enumerable.Range(0, cr.Length).Any(i => cr.Remove(i, 1) == cp))
        {
            return Near(MatchKind.ExtraCharacter);
        }

        return null;
    }
}
