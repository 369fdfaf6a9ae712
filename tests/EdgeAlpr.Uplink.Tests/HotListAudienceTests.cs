using System.Text;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.HotLists;
using EdgeAlpr.TestKit.Broker;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// Issue 20 item 5 end to end, through Debian's Mosquitto: one platform key serves every agency,
/// and agency B's validly signed list at a higher version, published on agency A's topic, must not
/// replace A's list.
/// </summary>
public class HotListAudienceTests
{
    [Fact]
    public async Task Another_agencys_signed_list_on_this_agencys_topic_is_refused_and_the_list_in_use_unchanged()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        byte[] own = SignedUpdate.Create(
            UpdateKind.Full,
            UplinkHarness.Agency,
            5,
            null,
            now,
            Encoding.UTF8.GetBytes("plate,state,category,source\nSTL3N1,IL,stolen_vehicle,NCIC\nAMB3R1,IL,amber_alert,NCIC\n"),
            unit.PlatformKey
        );
        await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, own, retain: true);

        using UplinkService uplink = unit.Service();
        await uplink.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => unit.HotList.Current.Version == 5, "the agency's own list to be applied");
        Core.HotLists.HotListSnapshot before = unit.HotList.Current;

        // Agency B's list: the same platform key, a higher version, B's plates in place of A's.
        byte[] foreign = SignedUpdate.Create(
            UpdateKind.Full,
            "in-gary-pd",
            9,
            null,
            now,
            "plate,state,category,source\nGARY01,IN,stolen_vehicle,NCIC\n"u8,
            unit.PlatformKey
        );
        await CommandTests.PublishAsync(broker, unit.Topics.HotListFull, foreign, retain: true);
        await Poll.UntilAsync(
            () => unit.Store.AuditLog.AuditSince(now.AddHours(-1), RefusedMessages.Action).Count == 1,
            "the other agency's list to be refused"
        );
        await uplink.StopAsync(CancellationToken.None);

        Assert.Same(before, unit.HotList.Current);
        Assert.Equal((5L, 2), (unit.HotList.Current.Version, unit.HotList.Current.Count));
        StoredAuditEvent refused = Assert.Single(unit.Store.AuditLog.AuditSince(now.AddHours(-1), RefusedMessages.Action));
        Assert.Equal((HotListRefusal.WrongAudience, unit.Topics.HotListFull), (refused.Subject, refused.Details["topic"]!.GetValue<string>()));
        Assert.Contains("signed for agency 'in-gary-pd'", refused.Details["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([5L], unit.Store.AuditLog.AuditSince(now.AddHours(-1), "hotlist_update").Select(a => a.Details["version"]!.GetValue<long>()));
    }
}
