using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Core.Tests.Retention;

public sealed class QuotaPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static QuotaCandidate Read(int minute, bool forwarded, long images = 100, long record = 2) =>
        new(new Guid(minute, 0, 0, new byte[8]), T0.AddMinutes(minute), forwarded, images, record);

    [Fact]
    public void Images_go_before_reads_forwarded_before_not_forwarded_oldest_first()
    {
        var reads = new[] { Read(1, forwarded: false), Read(2, forwarded: true), Read(3, forwarded: false), Read(4, forwarded: true) };
        QuotaPlan plan = QuotaPlanner.Plan(250, reads);
        Assert.Equal([2, 4, 1], plan.DropImages.Select(c => c.CapturedAt.Minute));
        Assert.Empty(plan.DropReads);
        Assert.Equal(300, plan.BytesFreed);
    }

    [Fact]
    public void Reads_themselves_go_only_once_every_image_is_gone()
    {
        var reads = new[] { Read(1, false), Read(2, true, images: 0), Read(3, false) };
        QuotaPlan plan = QuotaPlanner.Plan(203, reads);
        Assert.Equal([1, 3], plan.DropImages.Select(c => c.CapturedAt.Minute));
        Assert.Equal([2, 1], plan.DropReads.Select(c => c.CapturedAt.Minute));
        Assert.Equal(0, plan.BytesStillOver);
    }

    [Fact]
    public void Nothing_is_dropped_under_quota_and_what_cannot_be_freed_is_reported()
    {
        Assert.True(QuotaPlanner.Plan(0, [Read(1, true)]).IsEmpty);
        QuotaPlan plan = QuotaPlanner.Plan(1000, [Read(1, true)]);
        Assert.Equal(898, plan.BytesStillOver);
    }

    [Fact]
    public void Retention_is_due_only_past_the_class_period_and_once_forwarded()
    {
        RetentionPolicy policy = RetentionPolicy.Default;
        DateTimeOffset now = T0.AddDays(91);
        Assert.True(policy.IsDue(RetentionClass.Routine, T0, forwarded: true, now));
        Assert.False(policy.IsDue(RetentionClass.Routine, T0, forwarded: false, now));
        Assert.False(policy.IsDue(RetentionClass.Serious, T0, forwarded: true, now));
        Assert.True(policy.IsDue(RetentionClass.Serious, T0, forwarded: true, T0.AddYears(7).AddDays(3)));
        Assert.Equal(RetentionClass.Serious, RetentionPolicy.ClassOf(hasHits: false, evidence: true));
        Assert.NotEmpty(new RetentionPolicy(TimeSpan.FromDays(90), TimeSpan.FromDays(30)).Validate());
    }

    [Fact]
    public void Accepting_a_hit_requires_the_source_it_was_verified_with()
    {
        var d = new HitDisposition(Guid.NewGuid(), HitDecision.Accepted, "Ofc. Lee", null, null, T0);
        Assert.Single(d.Validate());
        Assert.Empty((d with { VerifiedWith = "LEADS" }).Validate());
        Assert.Empty((d with { Decision = HitDecision.Rejected, Reason = RejectReason.Misread }).Validate());
        Assert.Equal(2, (d with { Officer = " " }).Validate().Count);
    }
}
