using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.TestKit.Broker;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>Dissemination records and the audit chain through a real Mosquitto to an independent mosquitto_sub.</summary>
public sealed class DisseminationDeliveryTests
{
    [Fact]
    public async Task A_dissemination_record_and_every_audit_event_with_its_chain_link_reach_the_platform()
    {
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using UplinkHarness unit = await UplinkHarness.CreateAsync(broker.Url);
        using MosquittoSubscriber platform = await MosquittoSubscriber.StartAsync(broker, "alpr/#", "platform");
        var hit = await unit.StoreHitAsync("STL3N1");
        var record = new Dissemination(
            Guid.CreateVersion7(),
            DateTimeOffset.UtcNow,
            "26-004417",
            "stolen vehicle reported 2026-11-20",
            "Det. K. Moss",
            "Springfield PD (IL0840200)",
            true,
            "Sgt. A. Ruiz",
            "ofc.rivera",
            [hit.ReadId],
            unit.Store.Reads.FindRead(hit.ReadId)!.Images.Select(i => i.Sha256).ToList(),
            "pkg-1",
            "case.alprx",
            new string('c', 64),
            9876,
            "passphrase"
        );
        unit.Store.DisseminationLog.RecordDissemination(record);
        AuditCheckpoint checkpoint = unit.Store.AuditLog.CheckpointAudit()!;

        using (UplinkService uplink = unit.Service())
        {
            await uplink.DrainAsync(CancellationToken.None);
        }

        Topics topics = unit.Topics;
        var got = await platform.WaitForAsync(
            m =>
                m.Any(x => x.Topic == topics.Dissemination)
                && m.Any(x => x.Topic == topics.Audit && x.Json.GetProperty("action").GetString() == "audit_checkpoint"),
            TimeSpan.FromSeconds(20),
            "the dissemination record and the checkpoint"
        );
        JsonElement sent = got.Single(m => m.Topic == topics.Dissemination).Json;
        Assert.Equal("dissemination", sent.GetProperty("type").GetString());
        Assert.Equal(record.Id, sent.GetProperty("id").GetGuid());
        Assert.Equal("26-004417", sent.GetProperty("case_number").GetString());
        Assert.True(sent.GetProperty("recipient_verified").GetBoolean());
        Assert.Equal("Sgt. A. Ruiz", sent.GetProperty("verified_by").GetString());
        Assert.Equal(hit.ReadId, sent.GetProperty("reads")[0].GetGuid());
        Assert.Equal(new string('c', 64), sent.GetProperty("package_sha256").GetString());

        // The platform can re-link the chain it received: each event names the hash of the one before.
        var audit = got.Where(m => m.Topic == topics.Audit).Select(m => m.Json).OrderBy(j => j.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(audit, a =>
            a.GetProperty("action").GetString() == "evidence_disseminated" && a.GetProperty("subject").GetString() == record.Id.ToString()
        );
        for (int i = 1; i < audit.Count; i++)
        {
            Assert.Equal(audit[i - 1].GetProperty("hash").GetString(), audit[i].GetProperty("prev_hash").GetString());
        }

        JsonElement sentCheckpoint = audit.Single(a => a.GetProperty("action").GetString() == "audit_checkpoint");
        Assert.Equal(checkpoint.ThroughHash, sentCheckpoint.GetProperty("details").GetProperty("through_hash").GetString());
        Assert.Equal(0, unit.Store.Outbox.Backlog().Items);
        Assert.NotNull(unit.Store.DisseminationLog.FindDissemination(record.Id)!.ForwardedAt);
    }
}
