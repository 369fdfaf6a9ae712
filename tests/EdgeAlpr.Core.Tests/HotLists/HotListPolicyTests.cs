using EdgeAlpr.Core.HotLists;
using static EdgeAlpr.Core.Tests.HotLists.HotListTestData;

namespace EdgeAlpr.Core.Tests.HotLists;

public class HotListPolicyTests
{
    [Theory]
    [InlineData("felony_vehicle")]
    [InlineData("stolen_vehicle")]
    [InlineData("stolen_plate")]
    [InlineData("AMBER")]
    [InlineData("silver_alert")]
    public void Mandatory_alerts_cannot_be_turned_off(string category)
    {
        var settings = new Dictionary<string, CategorySettings> { [category] = new() { Alert = false } };
        Assert.Contains(HotListPolicy.Validate(settings), p => p.Contains("cannot be turned off", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => HotListPolicy.Create(HotListProfile.Standard, settings));
    }

    [Fact]
    public void Other_alerts_and_priorities_are_configurable()
    {
        var policy = HotListPolicy.Create(
            HotListProfile.Standard,
            new Dictionary<string, CategorySettings>
            {
                ["expired_registration"] = new() { Alert = false, Priority = 5 },
            }
        );
        Assert.False(policy.Alerts(HotListCategory.ExpiredRegistration));
        Assert.Equal(5, policy.Priority(HotListCategory.ExpiredRegistration));
        Assert.True(policy.Alerts(HotListCategory.StolenVehicle));
        HotListHit hit = Assert.Single(Check(Build(policy, Entry("ABC123", HotListCategory.ExpiredRegistration)), "ABC123"));
        Assert.False(hit.Alert);
    }

    [Fact]
    public void Unknown_categories_and_bad_priorities_are_reported()
    {
        List<string> problems = HotListPolicy.Validate(
            new Dictionary<string, CategorySettings>
            {
                ["parking"] = new(),
                ["amber"] = new() { Priority = -1 },
            }
        );
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void A_motor_carrier_unit_holds_only_motor_carrier_data()
    {
        var policy = HotListPolicy.Create(HotListProfile.MotorCarrier, new Dictionary<string, CategorySettings>());
        var builder = new HotListSnapshotBuilder(policy, OcrEquivalence.Default, 5);
        Assert.Contains("motor-carrier", builder.TryAdd(Entry("ABC123", HotListCategory.StolenVehicle)));
        Assert.Null(builder.TryAdd(Entry("ABC124", HotListCategory.MotorCarrierOutOfService, source: "FMCSA")));
        Assert.Equal(1, builder.Build(Now).Count);
    }

    [Theory]
    [InlineData("Stolen", HotListCategory.StolenVehicle)]
    [InlineData("suspended/revoked registration", HotListCategory.SuspendedRevokedRegistration)]
    [InlineData("AMBER-ALERT", HotListCategory.AmberAlert)]
    [InlineData("oos", HotListCategory.MotorCarrierOutOfService)]
    public void Category_names_and_aliases_parse(string text, HotListCategory expected)
    {
        Assert.True(HotListCategories.TryParse(text, out HotListCategory c));
        Assert.Equal(expected, c);
    }
}
