using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Core.Tests.Retention;

public sealed class QuotaPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static QuotaCandidate Read(int minute, bool forwarded, long images = 100, long record = 2) =>
        new(new Guid(minute, 0, 0, new byte[8]), T0.AddMinutes(minute), forwarded, images, record);

    private static QuotaPlan Plan(long over, params QuotaCandidate[] reads) =>
        QuotaPlanner.Plan(over, contextImagesPaused: false, resumeMargin: 50, reads);

    [Fact]
    public void Images_of_forwarded_reads_go_oldest_first_and_never_an_image_of_a_read_the_platform_lacks()
    {
        var reads = new[] { Read(1, forwarded: false), Read(2, forwarded: true), Read(3, forwarded: false), Read(4, forwarded: true) };
        QuotaPlan plan = Plan(150, reads);
        Assert.True(plan.PauseContextImages);
        Assert.Equal([2, 4], plan.DropImages.Select(c => c.CapturedAt.Minute));
        Assert.Empty(plan.DropReads);
        Assert.Equal(200, plan.BytesFreed);
    }

    [Fact]
    public void Forwarded_reads_themselves_go_only_once_every_forwarded_image_is_gone()
    {
        var reads = new[] { Read(1, true), Read(2, true, images: 0), Read(3, true), Read(4, false) };
        QuotaPlan plan = Plan(203, reads);
        Assert.Equal([1, 3], plan.DropImages.Select(c => c.CapturedAt.Minute));
        Assert.Equal([1, 2], plan.DropReads.Select(c => c.CapturedAt.Minute));
        Assert.Equal(0, plan.BytesStillOver);
    }

    [Fact]
    public void When_only_unforwarded_reads_and_serious_records_are_left_the_store_stays_over_and_says_by_how_much()
    {
        QuotaPlan plan = Plan(1000, Read(1, true), Read(2, false), Read(3, false));
        Assert.Equal([1], plan.DropImages.Select(c => c.CapturedAt.Minute));
        Assert.Equal([1], plan.DropReads.Select(c => c.CapturedAt.Minute));
        Assert.Equal(898, plan.BytesStillOver);
        Assert.True(plan.PauseContextImages);

        QuotaPlan nothingToDrop = Plan(10, Read(1, false));
        Assert.True(nothingToDrop.IsEmpty);
        Assert.Equal(10, nothingToDrop.BytesStillOver);
    }

    [Fact]
    public void Scene_images_pause_as_soon_as_the_store_is_over_and_resume_only_once_it_is_under_by_the_margin()
    {
        Assert.Equal(QuotaPlan.Nothing, QuotaPlanner.Plan(0, contextImagesPaused: false, resumeMargin: 50, [Read(1, true)]));
        Assert.True(QuotaPlanner.Plan(1, contextImagesPaused: false, resumeMargin: 50, []).PauseContextImages);

        QuotaPlan justUnder = QuotaPlanner.Plan(-10, contextImagesPaused: true, resumeMargin: 50, [Read(1, true)]);
        Assert.True(justUnder.PauseContextImages);
        Assert.True(justUnder.IsEmpty);
        Assert.False(QuotaPlanner.Plan(-51, contextImagesPaused: true, resumeMargin: 50, []).PauseContextImages);
        Assert.Equal(256 * 1024, QuotaPlanner.ResumeMargin(1024 * 1024));
        Assert.Equal(100L * 1024 * 1024 / 20, QuotaPlanner.ResumeMargin(100L * 1024 * 1024));
    }

    [Fact]
    public void Routine_reads_are_due_at_their_term_forwarded_or_not_serious_records_only_once_forwarded()
    {
        RetentionPolicy policy = RetentionPolicy.Default;
        DateTimeOffset now = T0.AddDays(91);
        Assert.True(policy.IsDue(RetentionClass.Routine, T0, forwarded: true, now));
        Assert.True(policy.IsDue(RetentionClass.Routine, T0, forwarded: false, now));
        Assert.False(policy.IsDue(RetentionClass.Routine, T0, forwarded: false, T0.AddDays(89)));
        Assert.False(policy.IsDue(RetentionClass.Serious, T0, forwarded: true, now));
        Assert.True(policy.IsDue(RetentionClass.Serious, T0, forwarded: true, T0.AddYears(7).AddDays(3)));
        Assert.False(policy.IsDue(RetentionClass.Serious, T0, forwarded: false, T0.AddYears(7).AddDays(3)));
        Assert.Equal(RetentionClass.Serious, RetentionPolicy.ClassOf(hasHits: false, evidence: true));
        Assert.False(policy.ExceedsDirective);
        Assert.True((policy with { RoutineRetention = TimeSpan.FromDays(91) }).ExceedsDirective);
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
