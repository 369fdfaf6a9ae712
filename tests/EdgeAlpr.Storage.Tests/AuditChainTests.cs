using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Search;
using LiteDB;
using static EdgeAlpr.Storage.Tests.UseCases;

namespace EdgeAlpr.Storage.Tests;

/// <summary>
/// The audit trail's hash chain against someone who holds the store key and edits the database
/// directly: every kind of event altered, events removed from the start, the middle and the end,
/// events reordered, a link recomputed, and a whole tail rewritten (caught by a checkpoint).
/// </summary>
public sealed class AuditChainTests : IDisposable
{
    private readonly StoreFixture _fixture = new();
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _fixture.Dispose();

    /// <summary>Every action the populated store records; each is tampered with in its own case.</summary>
    public static TheoryData<string> Actions() => new(ActionNames);

    private static readonly string[] ActionNames =
    [
        "store_opened",
        "hit_recorded",
        "hit_disposition",
        "alert_raised",
        "search",
        "search_refused",
        "export_refused",
        "evidence_disseminated",
        "settings_recorded",
        "settings_changed",
        "hotlist_in_use",
        "hotlist_local_added",
        "hotlist_local_removed",
        "platform_command_refused",
        "reads_purged",
        "audit_checkpoint",
        "store_verified",
    ];

    [Fact]
    public async Task A_store_full_of_every_kind_of_event_verifies_and_each_event_links_to_the_one_before()
    {
        await PopulateAsync();
        await using EvidenceStore store = Open();
        AuditVerification report = store.AuditLog.VerifyAudit();
        Assert.True(report.Ok, report.FirstBreak?.Problem);
        IReadOnlyList<StoredAuditEvent> events = store.AuditLog.QueryAudit(new AuditFilter { Limit = 10_000 });
        Assert.Equal(report.Events, events.Count);
        Assert.Equal("0000000000000000000000000000000000000000000000000000000000000000", events[0].PrevHash);
        for (int i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i - 1].Hash, events[i].PrevHash);
            Assert.Equal(events[i - 1].Id + 1, events[i].Id);
        }

        foreach (string action in ActionNames)
        {
            Assert.Contains(events, e => e.Action == action);
        }
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Altering_any_kind_of_event_breaks_the_chain_at_that_event(string action)
    {
        await PopulateAsync();
        long seq = 0;
        Tamper()
            .Edit(
                (audit, _) =>
                {
                    BsonDocument doc = audit.Find(Query.EQ("action", action)).First();
                    seq = doc["_id"].AsInt64;
                    // The smallest lie: one detail changed, or one added where there were none.
                    BsonDocument details = doc["details"].AsDocument;
                    string key = details.Keys.FirstOrDefault() ?? "note";
                    details[key] = details[key].IsString ? details[key].AsString + "x" : "changed";
                    audit.Update(doc);
                }
            );

        AuditBreak broken = await FirstBreakAsync();
        Assert.Equal(seq, broken.Seq);
        Assert.Equal(action, broken.Action);
        Assert.Contains("altered", broken.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("at")]
    [InlineData("actor")]
    [InlineData("subject")]
    [InlineData("action")]
    public async Task Altering_the_time_actor_subject_or_action_of_an_event_is_detected(string field)
    {
        await PopulateAsync();
        long seq = 0;
        Tamper()
            .Edit(
                (audit, _) =>
                {
                    BsonDocument doc = audit.Find(Query.EQ("action", "search")).First();
                    seq = doc["_id"].AsInt64;
                    doc[field] = field == "at" ? doc["at"].AsDateTime.AddMinutes(-5) : "someone else";
                    audit.Update(doc);
                }
            );

        Assert.Equal(seq, (await FirstBreakAsync()).Seq);
    }

    [Fact]
    public async Task Removing_an_event_from_the_middle_is_reported_as_missing_events()
    {
        await PopulateAsync();
        long removed = 0;
        Tamper()
            .Edit(
                (audit, _) =>
                {
                    removed = audit.Find(Query.EQ("action", "search")).First()["_id"].AsInt64;
                    audit.Delete(removed);
                }
            );

        AuditBreak broken = await FirstBreakAsync();
        Assert.Equal(removed + 1, broken.Seq);
        Assert.Contains($"events {removed}–{removed} are missing", broken.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_first_events_without_a_retention_purge_is_detected()
    {
        await PopulateAsync();
        Tamper().Edit((audit, _) => audit.DeleteMany(Query.LTE("_id", 2L)));

        AuditBreak broken = await FirstBreakAsync();
        Assert.Equal(3, broken.Seq);
        Assert.Contains("events before 3 were removed", broken.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_last_events_is_detected_from_the_chain_head()
    {
        await PopulateAsync();
        long last = 0;
        Tamper()
            .Edit(
                (audit, _) =>
                {
                    last = audit.Max("_id").AsInt64;
                    audit.Delete(last);
                    audit.Delete(last - 1);
                }
            );

        // The head record still names the last event, so the next event recorded links to it.
        AuditBreak broken = await FirstBreakAsync();
        Assert.Equal(last + 1, broken.Seq);
        Assert.Contains($"events {last - 1}–{last} are missing", broken.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swapping_two_events_is_detected()
    {
        await PopulateAsync();
        long first = 0;
        Tamper()
            .Edit(
                (audit, _) =>
                {
                    List<BsonDocument> two = audit
                        .Find(Query.EQ("action", "search"))
                        .Take(1)
                        .Concat(audit.Find(Query.EQ("action", "hit_disposition")).Take(1))
                        .ToList();
                    (BsonValue a, BsonValue b) = (two[0]["_id"], two[1]["_id"]);
                    first = Math.Min(a.AsInt64, b.AsInt64);
                    audit.Delete(a);
                    audit.Delete(b);
                    two[0]["_id"] = b;
                    two[1]["_id"] = a;
                    audit.Insert(two);
                }
            );

        Assert.Equal(first, (await FirstBreakAsync()).Seq);
    }

    [Fact]
    public async Task Recomputing_an_altered_events_own_hash_breaks_the_next_link()
    {
        await PopulateAsync();
        long seq = 0;
        Tamper()
            .Edit(
                (audit, _) =>
                {
                    BsonDocument doc = audit.Find(Query.EQ("action", "hit_disposition")).First();
                    seq = doc["_id"].AsInt64;
                    doc["details"]["decision"] = "rejected";
                    doc["hash"] = Rehash(doc);
                    audit.Update(doc);
                }
            );

        AuditBreak broken = await FirstBreakAsync();
        Assert.Equal(seq + 1, broken.Seq);
        Assert.Contains("reordered or one was replaced", broken.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tail_rewritten_with_every_hash_recomputed_is_caught_by_a_checkpoint_held_elsewhere()
    {
        await PopulateAsync();
        AuditCheckpoint checkpoint;
        await using (EvidenceStore store = Open())
        {
            checkpoint = store.AuditLog.CheckpointAudit()!;
        }

        // Someone with the key rewrites a search's purpose and re-links every event after it.
        Tamper()
            .Edit(
                (audit, meta) =>
                {
                    List<BsonDocument> events = audit.Find(Query.All(Query.Ascending)).ToList();
                    int from = events.FindIndex(e => e["action"] == "search");
                    events[from]["details"]["purpose"] = "something harmless happened";
                    for (int i = from; i < events.Count; i++)
                    {
                        events[i]["prev_hash"] = events[i - 1]["hash"];
                        events[i]["hash"] = Rehash(events[i]);
                        audit.Update(events[i]);
                    }

                    meta.Upsert(
                        new BsonDocument
                        {
                            ["_id"] = "audit_head",
                            ["seq"] = events[^1]["_id"],
                            ["hash"] = events[^1]["hash"],
                        }
                    );
                }
            );

        await using EvidenceStore reopened = Open();
        Assert.True(reopened.AuditLog.VerifyAudit().Ok);
        AuditVerification against = reopened.AuditLog.VerifyAudit(new Dictionary<long, string> { [checkpoint.ThroughSeq] = checkpoint.ThroughHash });
        Assert.False(against.Ok);
        Assert.Equal(checkpoint.ThroughSeq, against.FirstBreak!.Seq);
        Assert.Contains("rewritten", against.FirstBreak.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_removes_the_oldest_events_only_once_forwarded_and_the_chain_still_verifies()
    {
        await PopulateAsync();
        await using EvidenceStore store = Open();
        store.Outbox.MarkForwarded(store.Outbox.OutboxItems(10_000).Where(i => i.Kind == OutboxKind.Audit).Select(i => i.Id).Take(5).ToList());
        _fixture.Clock.Now = _fixture.Clock.Now.AddYears(8);
        PurgeReport purge = store.Retention.Purge(dryRun: false);
        Assert.Equal(5, purge.AuditEvents);

        AuditVerification report = store.AuditLog.VerifyAudit();
        Assert.True(report.Ok, report.FirstBreak?.Problem);
        Assert.Equal(5, report.PurgedThrough);
        Assert.Equal(6, report.FirstSeq);
        StoredAuditEvent purged = store.AuditLog.QueryAudit(new AuditFilter { Action = "audit_purged" }).Single();
        Assert.Equal(5L, (long)purged.Details["through_seq"]!);
    }

    [Fact]
    public async Task Removing_the_retention_purge_record_that_vouches_for_the_chain_start_is_detected()
    {
        await PopulateAsync();
        await using (EvidenceStore store = Open())
        {
            store.Outbox.MarkForwarded(store.Outbox.OutboxItems(10_000).Where(i => i.Kind == OutboxKind.Audit).Select(i => i.Id).Take(5).ToList());
            _fixture.Clock.Now = _fixture.Clock.Now.AddYears(8);
            store.Retention.Purge(dryRun: false);
        }

        // Someone removes 5 more events and moves the purge marker to hide it.
        Tamper()
            .Edit(
                (audit, meta) =>
                {
                    audit.DeleteMany(Query.LTE("_id", 10L));
                    meta.Upsert(
                        new BsonDocument
                        {
                            ["_id"] = "audit_base",
                            ["seq"] = 10L,
                            ["hash"] = audit.FindById(11L)["prev_hash"],
                        }
                    );
                }
            );

        Assert.Contains("no kept retention purge", (await FirstBreakAsync()).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_are_recorded_only_when_events_were_added_and_are_queued_for_the_platform()
    {
        await using EvidenceStore store = Open();
        AuditCheckpoint first = store.AuditLog.CheckpointAudit()!;
        Assert.Null(store.AuditLog.CheckpointAudit());
        store.AuditLog.RecordAudit("alert_raised", "x", new Dictionary<string, object?> { ["level"] = "high" }, "agent");
        AuditCheckpoint second = store.AuditLog.CheckpointAudit()!;
        Assert.Equal(first.Seq + 1, second.ThroughSeq);
        Assert.Equal(1, second.EventsSinceLast);
        Assert.Equal(store.AuditLog.FindAuditEvent(second.ThroughSeq)!.Hash, second.ThroughHash);
        Assert.Contains(store.Outbox.OutboxItems(100), i => i.Kind == OutboxKind.Audit && i.RefNumber == second.Seq);
    }

    [Fact]
    public async Task Settings_are_recorded_whole_the_first_time_then_only_what_changed()
    {
        await using EvidenceStore store = Open();
        var settings = new Dictionary<string, string?> { ["Agent:Profile"] = "patrol", ["Store:QuotaBytes"] = "100" };
        Assert.True(store.AuditLog.RecordSettings(settings, "/etc/edge-alpr/edge-alpr.json", "agent"));
        Assert.False(store.AuditLog.RecordSettings(settings, "/etc/edge-alpr/edge-alpr.json", "agent"));
        settings["Store:QuotaBytes"] = "200";
        settings.Remove("Agent:Profile");
        Assert.True(store.AuditLog.RecordSettings(settings, "/etc/edge-alpr/edge-alpr.json", "agent"));
        StoredAuditEvent changed = store.AuditLog.QueryAudit(new AuditFilter { Action = "settings_changed" }).Single();
        string changes = changed.Details["changes"]!.ToJsonString();
        Assert.Contains("\"key\":\"Agent:Profile\",\"from\":\"patrol\",\"to\":null", changes, StringComparison.Ordinal);
        Assert.Contains("\"key\":\"Store:QuotaBytes\",\"from\":\"100\",\"to\":\"200\"", changes, StringComparison.Ordinal);
        Assert.Single(store.AuditLog.QueryAudit(new AuditFilter { Action = "settings_recorded" }));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Audit_show_filters_by_action_prefix_actor_time_and_case_number()
    {
        await PopulateAsync();
        await using EvidenceStore store = Open();
        Assert.All(store.AuditLog.QueryAudit(new AuditFilter { Action = "hotlist_*" }), e =>
            Assert.StartsWith("hotlist_", e.Action, StringComparison.Ordinal)
        );
        Assert.All(store.AuditLog.QueryAudit(new AuditFilter { Actor = "Det. K. Moss" }), e => Assert.Equal("Det. K. Moss", e.Actor));
        IReadOnlyList<StoredAuditEvent> forCase = store.AuditLog.QueryAudit(new AuditFilter { CaseNumber = "26-004417" });
        Assert.Contains(forCase, e => e.Action == "search");
        Assert.Contains(forCase, e => e.Action == "evidence_disseminated");
        Assert.Empty(store.AuditLog.QueryAudit(new AuditFilter { To = _fixture.Clock.Now.AddYears(-1) }));
        Assert.Equal(3, store.AuditLog.QueryAudit(new AuditFilter { Limit = 3 }).Count);
    }

    /// <summary>One of every kind of event the store records, through the store's own API.</summary>
    private async Task PopulateAsync()
    {
        await using EvidenceStore store = Open();
        DateTimeOffset now = _fixture.Clock.Now;
        StoredReceipt hit = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("ABC1234", now), [StoreFixture.Hit("ABC1234")]));
        StoredReceipt plain = await store.Reads.StoreAsync(new ReadSubmission(StoreFixture.Read("XYZ9876", now.AddDays(-100)), []));
        store.Reads.RecordDisposition(new HitDisposition(hit.HitIds[0], HitDecision.Accepted, "Ofc. J. Rivera", "NCIC", null, now));
        store.AuditLog.RecordAudit("alert_raised", hit.HitIds[0].ToString(), new Dictionary<string, object?> { ["level"] = "critical" }, "agent");
        store.AuditLog.RecordAudit("platform_command_refused", "purge", new Dictionary<string, object?> { ["reason"] = "bad signature" }, "platform");
        var use = new AuthorisedUse("26-004417", "stolen vehicle reported 2026-11-20", "Det. K. Moss");
        Searches(store).Run(Investigator, PlateSearch.Create("ABC1234", null, null, null), use);
        Assert.Throws<UseRefusedException>(() =>
            Searches(store).Run(Investigator, PlateSearch.Create("ABC1234", null, null, null), use with { CaseNumber = null })
        );
        Assert.Throws<UseRefusedException>(() => Release(store).Gather(Investigator, [hit.ReadId], use with { Purpose = "test" }));
        Release(store).Gather(Investigator, [hit.ReadId], use);
        store.DisseminationLog.RecordDissemination(
            new Dissemination(
                Guid.CreateVersion7(),
                now,
                "26-004417",
                use.Purpose!,
                Investigator.Login,
                "Springfield PD (IL0840200)",
                true,
                "Sgt. A. Ruiz",
                "ofc.rivera",
                [hit.ReadId],
                store.Reads.FindRead(hit.ReadId)!.Images.Select(i => i.Sha256).ToList(),
                "pkg",
                "case.alprx",
                new string('a', 64),
                1234,
                "passphrase"
            )
        );
        store.AuditLog.RecordSettings(new Dictionary<string, string?> { ["Agent:Profile"] = "patrol" }, "edge-alpr.json", "agent");
        store.AuditLog.RecordSettings(new Dictionary<string, string?> { ["Agent:Profile"] = "trailer" }, "edge-alpr.json", "agent");
        var entry = new HotListEntry
        {
            Plate = "LOC4L1",
            Category = HotListCategory.LocalNewWanted,
            Source = "LOCAL",
            Reason = "armed robbery suspect vehicle",
            EnteredBy = "Sgt. A. Ruiz",
            EnteredAt = now,
        };
        store.AuditLog.RecordHotList(7, now, 100, [entry], "agent");
        store.AuditLog.RecordHotList(8, now, 99, [], "agent");
        _fixture.Clock.Now = now.AddDays(-100);
        store.Outbox.MarkForwarded(store.Outbox.OutboxItems(10_000).Where(i => i.RefId == plain.ReadId).Select(i => i.Id).ToList());
        _fixture.Clock.Now = now;
        store.Retention.Purge(dryRun: false);
        store.Administration.Verify();
        store.AuditLog.CheckpointAudit();
    }

    private EvidenceStore Open()
    {
        string keyFile = StoreKeyFile.Write(Path.Combine(_fixture.Directory, "store.key"), _secret);
        return _fixture.Open(StoreKey.FromFile(keyFile));
    }

    private AuditTamper Tamper() => new(_fixture.Options.Directory, _secret);

    private async Task<AuditBreak> FirstBreakAsync()
    {
        await using EvidenceStore store = Open();
        AuditVerification report = store.AuditLog.VerifyAudit();
        Assert.False(report.Ok, "the tampering went unnoticed");
        return report.FirstBreak!;
    }

    private static string Rehash(BsonDocument doc) => AuditChain.Hash(doc);
}
