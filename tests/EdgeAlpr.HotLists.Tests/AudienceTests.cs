using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>
/// Issue 20 item 5: one platform key signs every agency's lists, so the signed header names whom
/// a list is for, and a unit takes only its own agency's (and its device group's).
/// </summary>
public class AudienceTests
{
    private const string Header = "plate,state,category,source,reason\n";
    private const string OwnList = Header + "ABC123,IL,stolen,NCIC,\n";

    [Fact]
    public async Task Another_agencys_validly_signed_list_is_refused_before_anything_is_written()
    {
        using var platform = new Platform();
        using HotListService unit = platform.Service();
        await unit.ApplyUpdateAsync(platform.Full(5, OwnList), default);
        HotListSnapshot before = unit.Current;
        string kept = Path.Combine(platform.Options().Directory, "platform", "snapshot.hotlist");
        byte[] keptBefore = File.ReadAllBytes(kept);

        // Agency B's list (same platform key, higher version) published on this unit's topic.
        byte[] other = platform.Full(9, Header + "ZZZ999,IN,stolen,NCIC,\n", audience: "in-gary-pd");
        Assert.Equal("in-gary-pd", SignedUpdate.Parse(other).Audience);
        SignedUpdate.Parse(other).Verify(platform.Key);
        HotListImportException refused = await Assert.ThrowsAsync<HotListImportException>(() => unit.ApplyUpdateAsync(other, default));

        Assert.Equal(HotListRefusal.WrongAudience, refused.Code);
        Assert.Equal("the update is signed for agency 'in-gary-pd', but this unit belongs to 'il-chicago-pd'; refused", refused.Message);
        Assert.Same(before, unit.Current);
        Assert.Equal(keptBefore, File.ReadAllBytes(kept));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(kept)!));

        // Agency names are compared exactly: a case variant is another agency.
        Assert.Equal(
            HotListRefusal.WrongAudience,
            (
                await Assert.ThrowsAsync<HotListImportException>(() =>
                    unit.ApplyUpdateAsync(platform.Full(9, OwnList, audience: "IL-CHICAGO-PD"), default)
                )
            ).Code
        );
    }

    [Fact]
    public async Task A_device_group_list_is_taken_only_by_units_of_that_group()
    {
        using var platform = new Platform();
        HotListOptions grouped = platform.Options();
        grouped.DeviceGroup = "traffic";
        using HotListService traffic = platform.Service(grouped);
        await traffic.ApplyUpdateAsync(platform.Full(1, OwnList), default);
        await traffic.ApplyUpdateAsync(platform.Full(2, OwnList, audience: "il-chicago-pd/traffic"), default);
        Assert.Equal(2, traffic.Current.Version);
        HotListImportException wrongGroup = await Assert.ThrowsAsync<HotListImportException>(() =>
            traffic.ApplyUpdateAsync(platform.Full(3, OwnList, audience: "il-chicago-pd/patrol"), default)
        );
        Assert.Equal(
            "the update is signed for device group 'il-chicago-pd/patrol', but this unit is in 'il-chicago-pd/traffic'; refused",
            wrongGroup.Message
        );

        using var other = new Platform();
        using HotListService ungrouped = other.Service();
        HotListImportException noGroup = await Assert.ThrowsAsync<HotListImportException>(() =>
            ungrouped.ApplyUpdateAsync(other.Full(1, OwnList, audience: "il-chicago-pd/traffic"), default)
        );
        Assert.Equal(HotListRefusal.WrongAudience, noGroup.Code);
        Assert.Contains("in no device group (HotList:DeviceGroup)", noGroup.Message, StringComparison.Ordinal);
        Assert.Equal(0, ungrouped.Current.Version);
    }

    [Fact]
    public async Task A_unit_without_an_agency_refuses_every_signed_update_but_takes_local_entries()
    {
        using var platform = new Platform();
        HotListOptions options = platform.Options();
        options.Agency = null;
        using HotListService unit = platform.Service(options);
        HotListImportException refused = await Assert.ThrowsAsync<HotListImportException>(() =>
            unit.ApplyUpdateAsync(platform.Full(1, OwnList), default)
        );
        Assert.Equal(HotListRefusal.NoAgency, refused.Code);
        Assert.StartsWith("this unit has no agency configured (HotList:Agency, or Uplink:Agency)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, unit.Current.Version);
        Assert.False(Directory.Exists(Path.Combine(options.Directory, "platform")));
        await unit.ImportLocalAsync(Encoding.UTF8.GetBytes("plate,state,category\nLOC123,IL,stolen\n"), new ImportDefaults(), default);
        Assert.Equal(1, unit.Current.LocalCount);
    }

    [Fact]
    public async Task A_kept_list_signed_before_audiences_is_refused_at_load_with_a_clear_problem()
    {
        using var platform = new Platform();
        // A validly signed update of the old header (no audience line), as an agent before this change kept it.
        byte[] payload = Encoding.UTF8.GetBytes(OwnList);
        string header =
            $"{SignedUpdate.Magic}\nkind: full\nversion: 7\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: {Convert.ToHexStringLower(SHA256.HashData(payload))}\n";
        byte[] signature = platform.Key.SignData(Encoding.ASCII.GetBytes(header), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        byte[] old = [.. Encoding.ASCII.GetBytes(header + $"signature: {Convert.ToBase64String(signature)}\n\n"), .. payload];
        new HotListStore(platform.Options().Directory).SaveFull(old);

        using HotListService unit = platform.Service();
        string problem = Assert.Single(await unit.LoadAsync(default));
        Assert.Contains("'audience' is missing", problem, StringComparison.Ordinal);
        Assert.Contains("the platform must publish it again with one", problem, StringComparison.Ordinal);
        Assert.Equal((0L, 0), (unit.Current.Version, unit.Current.Count));

        // The platform's re-published full list, with the audience, is taken over it.
        await unit.ApplyUpdateAsync(platform.Full(7, OwnList), default);
        Assert.Equal((7L, 1), (unit.Current.Version, unit.Current.Count));
    }

    [Theory]
    [InlineData("", "'audience' is missing")]
    [InlineData("il-chicago-pd/traffic/north", "more than agency/device-group")]
    [InlineData("il chicago", "may hold only letters")]
    [InlineData("il-chicago-pd/", "1 to 64 characters")]
    [InlineData("+", "may hold only letters")]
    public void A_malformed_audience_is_refused_naming_the_problem(string audience, string expected)
    {
        string file =
            $"{SignedUpdate.Magic}\nkind: full\naudience: {audience}\nversion: 3\ncreated-at: 2026-11-23T12:00:00Z\npayload-sha256: {new string('0', 64)}\nsignature: AA==\n\n";
        HotListImportException refused = Assert.Throws<HotListImportException>(() => SignedUpdate.Parse(Encoding.UTF8.GetBytes(file)));
        Assert.Equal(HotListRefusal.Malformed, refused.Code);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (audience.Length > 0)
        {
            Assert.Throws<ArgumentException>(() => SignedUpdate.Create(UpdateKind.Full, audience, 1, null, Platform.Start, "plate\nABC123\n"u8, key));
        }
    }

    [Fact]
    public void Agency_and_device_group_settings_are_checked_at_start()
    {
        var options = new HotListOptions
        {
            Directory = "/tmp/x",
            Agency = "bad/agency",
            DeviceGroup = "night shift",
        };
        Assert.Equal(
            [
                "HotList:Agency 'bad/agency': a name may hold only letters, digits, '-', '_' and '.'",
                "HotList:DeviceGroup 'night shift': a name may hold only letters, digits, '-', '_' and '.'",
            ],
            new HotListOptionsValidator().Validate(null, options).Failures!
        );
        Assert.Equal(
            ["HotList:DeviceGroup is set without an agency (HotList:Agency, or Uplink:Agency)"],
            new HotListOptionsValidator().Validate(null, new HotListOptions { Directory = "/tmp/x", DeviceGroup = "traffic" }).Failures!
        );
    }
}
