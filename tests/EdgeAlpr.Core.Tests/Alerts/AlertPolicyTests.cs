using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Core.Tests.Alerts;

public class AlertPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plates_are_spelled_with_the_NATO_alphabet()
    {
        Assert.Equal("Alpha Bravo Charlie one two three", PhoneticAlphabet.Spell("ABC123"));
        Assert.Equal("X-ray Yankee Zulu zero unknown nine", PhoneticAlphabet.Spell("xyz0*9"));
    }

    [Fact]
    public void A_stolen_vehicle_alert_says_what_it_is_that_it_is_unverified_and_how_urgent()
    {
        Alert alert = AlertComposer.Compose(Hit("ABC123", HotListCategory.StolenVehicle), AlertPolicy.Default);
        Assert.Equal("Stolen vehicle. Plate Alpha Bravo Charlie one two three. Unverified. Verify before action.", alert.Announcement);
        Assert.Equal("STOLEN VEHICLE", alert.Title);
        Assert.Contains(Alert.Unverified, alert.Lines);
        Assert.Equal(AlertLevel.High, alert.Level);
        Assert.Equal(TonePattern.High, alert.Tone);
        Assert.True(alert.Audible && alert.Spoken && alert.Relay);
        Assert.Equal(new LedSignal(LedColour.Red, LedPattern.Blink), alert.Led);
    }

    [Fact]
    public void Levels_follow_priority_and_each_level_has_its_own_tone()
    {
        Assert.Equal(AlertLevel.Critical, AlertPolicy.Default.Style(HotListCategory.AmberAlert).Level);
        Assert.Equal(AlertLevel.Critical, AlertPolicy.Default.Style(HotListCategory.FelonyVehicle).Level);
        Assert.Equal(AlertLevel.Standard, AlertPolicy.Default.Style(HotListCategory.MissingPerson).Level);
        Assert.Equal(AlertLevel.Low, AlertPolicy.Default.Style(HotListCategory.ExpiredRegistration).Level);
        Assert.True(AlertPolicy.Default.Style(HotListCategory.AmberAlert).RepeatUntilAcknowledged);
        Assert.Equal(
            4,
            new[] { TonePattern.Critical, TonePattern.High, TonePattern.Standard, TonePattern.Low }
                .Select(t => (t.TotalMs, t.Steps.Count, t.Steps[0].FrequencyHz))
                .Distinct()
                .Count()
        );
    }

    [Fact]
    public void A_covert_unit_makes_no_sound_but_still_alerts_on_screen_and_LED()
    {
        var covert = AlertPolicy.Create(
            HotListPolicy.Default,
            new Dictionary<string, AlertStyleSettings>(),
            covert: true,
            AlertPolicy.DefaultCooldown,
            null
        );
        Alert alert = AlertComposer.Compose(Hit("AMB3R1", HotListCategory.AmberAlert), covert);
        Assert.False(alert.Audible);
        Assert.False(alert.Spoken);
        Assert.False(alert.Relay);
        Assert.Equal(LedColour.Amber, alert.Led.Colour);
        Assert.Contains(Alert.Unverified, alert.Lines);
    }

    [Fact]
    public void A_near_match_sounds_only_from_the_sounding_score()
    {
        HotListHit near = Hit("ABC123", HotListCategory.StolenVehicle) with { Kind = MatchKind.MissingCharacter, Score = 0.3f };
        Assert.False(AlertComposer.Compose(near, AlertPolicy.Default).Audible);
        Assert.NotEqual(LedColour.Off, AlertComposer.Compose(near, AlertPolicy.Default).Led.Colour);
        Assert.Equal(AlertLoudness.Quiet, AlertPolicy.Default.Loudness(near));
        Assert.Equal(AlertLoudness.Sounding, AlertPolicy.Default.Loudness(near with { Score = AlertPolicy.DefaultSoundingScore }));
        Assert.True(AlertComposer.Compose(near with { Score = 0.9f }, AlertPolicy.Default).Audible);
        Assert.Equal(AlertLoudness.Sounding, AlertPolicy.Default.WithSoundingScore(0.2f).Loudness(near));
    }

    [Fact]
    public void The_read_itself_on_the_list_sounds_however_unsure_and_a_lower_candidate_by_its_score()
    {
        HotListHit unsure = Hit("ABC123", HotListCategory.StolenVehicle) with { Kind = MatchKind.ExactStateUnknown, Score = 0.02f };
        Assert.Equal(AlertLoudness.Sounding, AlertPolicy.Default.Loudness(unsure));
        Assert.Equal(AlertLoudness.Sounding, AlertPolicy.Default.Loudness(unsure with { Kind = MatchKind.Exact }));
        Assert.Equal(AlertLoudness.Quiet, AlertPolicy.Default.Loudness(unsure with { Kind = MatchKind.ExactOtherState }));
        Assert.Equal(AlertLoudness.Quiet, AlertPolicy.Default.Loudness(unsure with { CandidateRank = 2 }));
        Assert.Equal(AlertLoudness.Sounding, AlertPolicy.Default.Loudness(unsure with { CandidateRank = 2, Score = 0.6f }));
        Assert.Equal(AlertLoudness.Silent, AlertPolicy.Default.Loudness(unsure with { Alert = false }));
    }

    [Fact]
    public void Configured_quiet_kinds_never_sound_and_a_bad_sounding_score_is_refused()
    {
        var policy = AlertPolicy.Create(
            HotListPolicy.Default,
            new Dictionary<string, AlertStyleSettings>(),
            false,
            AlertPolicy.DefaultCooldown,
            ["ocr_equivalent"]
        );
        HotListHit hit = Hit("ABC123", HotListCategory.StolenVehicle) with { Kind = MatchKind.OcrEquivalent, Score = 0.95f };
        Assert.Equal(AlertLoudness.Quiet, policy.Loudness(hit));
        Assert.Equal(AlertLoudness.Sounding, AlertPolicy.Default.Loudness(hit));
        var error = Assert.Throws<ArgumentException>(() =>
            AlertPolicy.Create(HotListPolicy.Default, new Dictionary<string, AlertStyleSettings>(), false, AlertPolicy.DefaultCooldown, null, 1.5f)
        );
        Assert.Contains("Alerts:SoundingScore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mandatory_alerts_cannot_be_darkened_and_bad_settings_are_listed()
    {
        var settings = new Dictionary<string, AlertStyleSettings>
        {
            ["stolen_vehicle"] = new() { LedColour = LedColour.Off },
            ["no_such_thing"] = new(),
            ["expired_registration"] = new() { CooldownMinutes = -1 },
        };
        var error = Assert.Throws<ArgumentException>(() =>
            AlertPolicy.Create(HotListPolicy.Default, settings, false, AlertPolicy.DefaultCooldown, ["exact", "bogus"])
        );
        Assert.Contains("cannot be off", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown category 'no_such_thing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("between 0 and 1440", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot hold 'exact'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bogus' is not a match kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_styles_replace_the_defaults_of_their_category()
    {
        var settings = new Dictionary<string, AlertStyleSettings>
        {
            ["missing_person"] = new()
            {
                Level = AlertLevel.Critical,
                LedColour = LedColour.Magenta,
                CooldownMinutes = 2,
            },
        };
        AlertStyle style = AlertPolicy
            .Create(HotListPolicy.Default, settings, false, AlertPolicy.DefaultCooldown, null)
            .Style(HotListCategory.MissingPerson);
        Assert.Equal(TonePattern.Critical, style.Tone);
        Assert.Equal(LedColour.Magenta, style.Led.Colour);
        Assert.Equal(TimeSpan.FromMinutes(2), style.Cooldown);
    }

    [Fact]
    public void The_same_plate_does_not_alert_again_within_the_cooldown_unless_its_entry_changed()
    {
        var gate = new AlertGate(AlertPolicy.Default);
        HotListHit hit = Hit("ABC123", HotListCategory.StolenVehicle);
        Assert.True(gate.ShouldAlert(hit, Now, out _));
        Assert.False(gate.ShouldAlert(hit, Now.AddMinutes(3), out string? why));
        Assert.Contains("cooldown 10 min", why, StringComparison.Ordinal);
        Assert.True(gate.ShouldAlert(hit with { Entry = hit.Entry with { Category = HotListCategory.FelonyVehicle } }, Now.AddMinutes(4), out _));
        Assert.True(gate.ShouldAlert(hit, Now.AddMinutes(15), out _));
        Assert.False(gate.ShouldAlert(hit with { Alert = false }, Now.AddHours(1), out why));
        Assert.Contains("turned off", why, StringComparison.Ordinal);
    }

    private static HotListHit Hit(string plate, HotListCategory category) =>
        new(
            new HotListEntry
            {
                Plate = plate,
                State = "IL",
                Category = category,
                Source = "NCIC",
                RecordNumber = "V123456789",
                Vehicle = "2019 HOND CIV BLK",
            },
            MatchKind.Exact,
            1f,
            plate,
            0,
            HotListCategories.DefaultPriority(category),
            true
        );
}
