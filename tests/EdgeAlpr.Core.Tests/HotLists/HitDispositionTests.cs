using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.Core.Tests.HotLists;

public class HitDispositionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_acceptance_names_its_verification_and_a_rejection_its_reason()
    {
        var accept = new HitDisposition(Guid.NewGuid(), HitDecision.Accepted, "Ofc. Lee #2231", "LEADS", null, Now);
        Assert.Empty(accept.Validate());
        Assert.Contains((accept with { VerifiedWith = null }).Validate(), p => p.Contains("verified with", StringComparison.Ordinal));
        Assert.Contains((accept with { Reason = RejectReason.Misread }).Validate(), p =>
            p.Contains("goes with a rejection", StringComparison.Ordinal)
        );

        var reject = new HitDisposition(Guid.NewGuid(), HitDecision.Rejected, "Ofc. Lee #2231", null, null, Now) { Reason = RejectReason.WrongState };
        Assert.Empty(reject.Validate());
        Assert.Contains((reject with { Reason = null }).Validate(), p => p.Contains("must say why: misread, wrong_state", StringComparison.Ordinal));
        Assert.Contains((reject with { Reason = RejectReason.Other }).Validate(), p => p.Contains("needs a note", StringComparison.Ordinal));
        Assert.Empty((reject with { Reason = RejectReason.Other, Note = "plate cover" }).Validate());
        Assert.Contains((reject with { Officer = " " }).Validate(), p => p.Contains("officer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("misread", RejectReason.Misread)]
    [InlineData("wrong-state", RejectReason.WrongState)]
    [InlineData("Vehicle does not match", RejectReason.VehicleDoesNotMatch)]
    [InlineData("already_handled", RejectReason.AlreadyHandled)]
    public void Reasons_parse_from_what_people_type(string text, RejectReason expected)
    {
        Assert.True(RejectReasons.TryParse(text, out RejectReason reason));
        Assert.Equal(expected, reason);
        Assert.False(RejectReasons.TryParse("bored", out _));
    }
}
