using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static EdgeAlpr.Core.Tests.HotLists.HotListTestData;

namespace EdgeAlpr.Core.Tests.HotLists;

public class HotListMatchingTests
{
    // A small alphabet full of OCR confusions, so random plates collide, confuse and nest often.
    private const string Alphabet = "AB08OS5Z2";
    private static readonly string?[] States = [null, "IL", "WI"];

    [Property(MaxTest = 300)]
    public Property Matcher_finds_exactly_what_the_rules_say(int seed)
    {
        var random = new Random(seed);
        var entries = new List<HotListEntry>();
        for (int i = 0; i < 40; i++)
        {
            string plate = RandomPlate(random, random.Next(3, 8));
            if (plate.Length >= 5 && random.Next(6) == 0)
            {
                plate = plate.Remove(random.Next(plate.Length), 1).Insert(random.Next(plate.Length), "*");
            }

            DateTimeOffset? expires = random.Next(8) switch
            {
                0 => Now.AddHours(-1),
                1 => Now.AddHours(1),
                _ => null,
            };
            entries.Add(Entry(plate, (HotListCategory)random.Next(13), States[random.Next(3)], expires));
        }

        entries.RemoveAll(e => HotListEntryRules.Problem(e, HotListPolicy.Default) is not null);
        HotListSnapshot snapshot = Build([.. entries]);
        var matches = new List<HotListMatch>();
        for (int r = 0; r < 60; r++)
        {
            // Half the reads are mutations of listed plates, so every kind of match occurs.
            string read =
                r % 2 == 0 ? RandomPlate(random, random.Next(3, 9)) : Mutate(entries[random.Next(entries.Count)].Plate.Replace('*', 'A'), random);
            string? state = States[random.Next(3)];
            matches.Clear();
            snapshot.Match([new PlateCandidate(read, 1f)], state, Now, matches);

            // Duplicates (same plate and state) merge into one entry: compare by identity.
            var expected = entries
                .Select(e => (Id: (e.Plate, e.State), Kind: MatchingOracle.Kind(e, read, state, Now, 5)))
                .Where(x => x.Kind is not null)
                .GroupBy(x => x.Id)
                .ToDictionary(g => g.Key, g => g.First().Kind!.Value);
            var actual = matches.ToDictionary(m => (snapshot.EntryAt(m.Entry).Plate, snapshot.EntryAt(m.Entry).State), m => m.Kind);
            if (!expected.OrderBy(p => p.Key.ToString()).SequenceEqual(actual.OrderBy(p => p.Key.ToString())))
            {
                return false.Label($"read {read} ({state}): expected [{string.Join(", ", expected)}] got [{string.Join(", ", actual)}]");
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void Exact_plate_reports_state_agreement()
    {
        HotListSnapshot s = Build(Entry("ABC1234", state: "IL"));
        Assert.Equal(MatchKind.Exact, Assert.Single(Check(s, "ABC1234", "IL")).Kind);
        Assert.Equal(MatchKind.ExactOtherState, Assert.Single(Check(s, "ABC1234", "WI")).Kind);
        Assert.Equal(MatchKind.ExactStateUnknown, Assert.Single(Check(s, "abc-1234")).Kind);
    }

    [Theory]
    [InlineData("A8C1234")]
    [InlineData("ABC12E4", false)]
    [InlineData("A8CI234")]
    [InlineData("ABCl2E4", false)]
    public void Ocr_confusions_match_within_the_configured_classes(string read, bool matches = true)
    {
        HotListSnapshot s = Build(Entry("ABC1234"));
        List<HotListHit> hits = Check(s, read);
        Assert.Equal(matches, hits.Count == 1);
        if (matches)
        {
            Assert.Equal(MatchKind.OcrEquivalent, hits[0].Kind);
            Assert.True(hits[0].Score < 1f);
        }
    }

    [Fact]
    public void One_missing_or_extra_character_matches_plates_of_five_or_more()
    {
        HotListSnapshot s = Build(Entry("ABC1234"), Entry("XY12"));
        Assert.Equal(MatchKind.MissingCharacter, Assert.Single(Check(s, "ABC124")).Kind);
        Assert.Equal(MatchKind.ExtraCharacter, Assert.Single(Check(s, "ABC12344")).Kind);
        Assert.Empty(Check(s, "AC124")); // two missing
        Assert.Empty(Check(s, "XY1")); // below five characters
        Assert.Empty(Check(s, "XY123")); // entry below five characters
        Assert.Empty(Check(s, "ABC124", scope: MatchScope.Exact | MatchScope.OcrEquivalent));
    }

    [Fact]
    public void Wildcards_stand_for_one_unknown_character()
    {
        HotListSnapshot s = Build(Entry("AB*12*4", HotListCategory.LocalNewWanted));
        Assert.Equal(MatchKind.Wildcard, Assert.Single(Check(s, "ABX1294")).Kind);
        Assert.Equal(MatchKind.Wildcard, Assert.Single(Check(s, "A8Q1204")).Kind);
        Assert.Empty(Check(s, "ABX129"));
        Assert.Empty(Check(s, "XBX1294"));
    }

    [Fact]
    public void A_partial_plate_needs_four_known_characters()
    {
        var builder = new HotListSnapshotBuilder(HotListPolicy.Default, OcrEquivalence.Default, 5);
        Assert.Contains("at least 4", builder.TryAdd(Entry("A**1*")));
        Assert.Null(builder.TryAdd(Entry("AB*1C")));
    }

    [Fact]
    public void Expired_entries_never_match_even_between_builds()
    {
        HotListSnapshot s = Build(Entry("OLD1234", expires: Now.AddDays(-1)), Entry("SOON123", expires: Now.AddMinutes(5)));
        Assert.Empty(Check(s, "OLD1234"));
        Assert.Single(Check(s, "SOON123"));
        Assert.Empty(s.Hits([new PlateCandidate("SOON123", 1f)], null, Now.AddMinutes(6)));
        Assert.Equal(1, s.Count);
    }

    [Fact]
    public void Near_misses_in_another_known_state_are_not_hits()
    {
        HotListSnapshot s = Build(Entry("ABC1234", state: "IL"));
        Assert.Empty(Check(s, "A8C1234", "WI"));
        Assert.Single(Check(s, "A8C1234", "IL"));
        Assert.Single(Check(s, "A8C1234"));
    }

    [Fact]
    public void Every_candidate_is_checked_and_each_entry_reported_once_with_its_best_match()
    {
        HotListSnapshot s = Build(Entry("ABC1234"));
        List<HotListHit> hits = s.Hits(
            [new PlateCandidate("XYZ999", 0.7f), new PlateCandidate("A8C1234", 0.2f), new PlateCandidate("ABC1234", 0.1f)],
            null,
            Now
        );
        HotListHit hit = Assert.Single(hits);
        Assert.Equal(MatchKind.OcrEquivalent, hit.Kind); // 0.9 × 0.2 beats 0.95 × 0.1
        Assert.Equal(1, hit.CandidateRank);
        Assert.Equal("A8C1234", hit.MatchedText);
        Assert.Contains("LEADS/NCIC", hit.Verify, StringComparison.Ordinal);
        Assert.Equal("V123456789", hit.Entry.RecordNumber);
    }

    [Fact]
    public void Duplicates_merge_keeping_the_highest_priority_and_the_other_categories()
    {
        HotListSnapshot s = Build(
            Entry("ABC1234", HotListCategory.ExpiredRegistration, "IL", source: "SOS"),
            Entry("ABC1234", HotListCategory.StolenVehicle, "IL"),
            Entry("ABC1234", HotListCategory.ExpiredRegistration, "WI")
        );
        Assert.Equal(2, s.Count);
        HotListHit hit = Assert.Single(Check(s, "ABC1234", "IL"), h => h.Kind == MatchKind.Exact);
        Assert.Equal(HotListCategory.StolenVehicle, hit.Entry.Category);
        Assert.Equal([HotListCategory.ExpiredRegistration], hit.Entry.AlsoListedAs);
        Assert.Equal("NCIC", hit.Entry.Source);
    }

    [Fact]
    public void Hits_are_ordered_by_priority()
    {
        HotListSnapshot s = Build(Entry("ABC1234", HotListCategory.ExpiredRegistration, "IL"), Entry("ABC1234", HotListCategory.AmberAlert, "WI"));
        List<HotListHit> hits = Check(s, "ABC1234", "IL");
        Assert.Equal([HotListCategory.AmberAlert, HotListCategory.ExpiredRegistration], hits.Select(h => h.Entry.Category));
    }

    [Fact]
    public void Matching_allocates_nothing()
    {
        var entries = Enumerable.Range(0, 5000).Select(i => Entry($"AB{i:D5}", state: i % 2 == 0 ? "IL" : null)).Append(Entry("AB*12*4")).ToArray();
        HotListSnapshot s = Build(entries);
        PlateCandidate[] read = [new("AB00042", 0.8f), new("A800042", 0.1f), new("AB0042", 0.05f), new("AB000042", 0.03f), new("ABX1294", 0.02f)];
        var matches = new List<HotListMatch>(64);
        s.Match(read, "IL", Now, matches);
        Assert.True(matches.Count >= 4, $"{matches.Count} matches");
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            matches.Clear();
            s.Match(read, "IL", Now, matches);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Custom_equivalence_classes_replace_the_defaults()
    {
        var builder = new HotListSnapshotBuilder(EveryMatch, OcrEquivalence.Create(["0O"]), 5);
        builder.TryAdd(Entry("ABC1234"));
        builder.TryAdd(Entry("O0O0O0"));
        HotListSnapshot s = builder.Build(Now);
        Assert.Empty(Check(s, "A8C1234"));
        Assert.Single(Check(s, "000000"));
        Assert.Throws<ArgumentException>(() => OcrEquivalence.Create(["0O", "OQ"]));
    }

    private static string RandomPlate(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());

    private static string Mutate(string plate, Random random)
    {
        int i = random.Next(plate.Length);
        return random.Next(4) switch
        {
            0 => plate,
            1 => plate.Remove(i, 1),
            2 => plate.Insert(i, Alphabet[random.Next(Alphabet.Length)].ToString()),
            _ => plate.Remove(i, 1).Insert(i, Alphabet[random.Next(Alphabet.Length)].ToString()),
        };
    }
}
