using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Recognition;
using static EdgeAlpr.Core.Tests.HotLists.HotListTestData;

namespace EdgeAlpr.Core.Tests.HotLists;

public class RetroactiveMatcherTests
{
    [Fact]
    public void New_entries_are_matched_against_reads_in_the_window_only()
    {
        var history = new RecentReadsWindow(TimeSpan.FromHours(48), 1000);
        var recent = new RecentRead(Guid.CreateVersion7(), "camera-2", Now.AddMinutes(-40), [new PlateCandidate("NEW1234", 0.9f)]);
        var old = new RecentRead(Guid.CreateVersion7(), "camera-1", Now.AddHours(-30), [new PlateCandidate("NEW1234", 0.9f)]);
        var known = new RecentRead(Guid.CreateVersion7(), "camera-1", Now.AddMinutes(-5), [new PlateCandidate("OLD1234", 0.9f)]);
        history.Add(old);
        history.Add(recent);
        history.Add(known);
        HotListSnapshot before = Build(Entry("OLD1234"));
        HotListSnapshot after = Build(Entry("OLD1234"), Entry("NEW1234", HotListCategory.AmberAlert));

        List<HotListHit> hits = RetroactiveMatcher.Find(before, after, history, Now, TimeSpan.FromHours(24));

        HotListHit hit = Assert.Single(hits);
        Assert.Equal("NEW1234", hit.Entry.Plate);
        Assert.Equal(recent.ReadId, hit.Retroactive!.ReadId);
        Assert.Equal("camera-2", hit.Retroactive.CameraId);
        Assert.Equal(TimeSpan.FromMinutes(40), hit.Retroactive.Before);
    }

    [Fact]
    public void A_category_upgrade_is_a_new_hit()
    {
        var history = new RecentReadsWindow(TimeSpan.FromHours(24), 10);
        history.Add(new RecentRead(Guid.CreateVersion7(), "c", Now.AddMinutes(-1), [new PlateCandidate("ABC1234", 1f)]));
        HotListHit hit = Assert.Single(
            RetroactiveMatcher.Find(
                Build(Entry("ABC1234", HotListCategory.ExpiredRegistration)),
                Build(Entry("ABC1234", HotListCategory.ExpiredRegistration), Entry("ABC1234", HotListCategory.FelonyVehicle, "IL")),
                history,
                Now,
                TimeSpan.FromHours(24)
            )
        );
        Assert.Equal(HotListCategory.FelonyVehicle, hit.Entry.Category);
    }

    [Fact]
    public void The_window_keeps_reads_by_age_and_count()
    {
        var window = new RecentReadsWindow(TimeSpan.FromHours(1), 3);
        for (int i = 0; i < 5; i++)
        {
            window.Add(new RecentRead(Guid.CreateVersion7(), "c", Now.AddMinutes(i), [new PlateCandidate("A", 1f)]));
        }

        Assert.Equal(3, window.Count);
        window.Add(new RecentRead(Guid.CreateVersion7(), "c", Now.AddHours(2), [new PlateCandidate("A", 1f)]));
        Assert.Equal(1, window.Count);
    }
}
