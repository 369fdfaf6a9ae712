using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EdgeAlpr.Console.BrowserTests;

/// <summary>
/// The officer's screen during the demo: a hit takes it over with its plate crop, the officer accepts it with what
/// they verified it with, and the auditor finds that decision in the trail under the officer's own name.
/// </summary>
[Collection(ConsoleDemoCollection.Name)]
public sealed class OfficerTests(ConsoleDemoFixture demo)
{
    private static readonly LocatorAssertionsToContainTextOptions IgnoringCase = new() { IgnoreCase = true };

    [Fact]
    public async Task An_officer_sees_a_hit_arrive_with_its_image_accepts_it_with_LEADS_and_the_auditor_finds_it_under_that_officer()
    {
        IPage page = await demo.SignedInAsync(ConsoleDemoFixture.Officer);
        await Expect(page.GetByTestId("officer-page")).ToBeVisibleAsync();
        // Sign on to the unit's shift: the alerts raised from now on name this officer.
        await page.GetByTestId("shift-start").ClickAsync();

        await Expect(page.GetByTestId("shift-officer")).ToContainTextAsync(ConsoleDemoFixture.Officer.Login);

        // The demo's hot-listed plates pass the camera during the clip: the first hit takes the screen over.
        ILocator alert = page.GetByTestId("hit-alert");
        await Expect(alert).ToBeVisibleAsync(new() { Timeout = 120_000 });
        // The plate, then its state when the read had one: "7958TES (IL)".
        string plate = (await alert.GetByTestId("hit-plate").InnerTextAsync()).Trim().Split(' ')[0];
        Assert.Contains(plate, demo.HotPlates);
        await Expect(alert.GetByTestId("hit-category")).ToContainTextAsync("stolen vehicle", IgnoringCase);
        await Expect(alert.GetByTestId("hit-verify")).ToContainTextAsync("verify");
        string hitId = (await alert.GetAttributeAsync("data-hit-id"))!;
        Assert.True(await ConsoleDemoFixture.LoadedAsync(alert.GetByTestId("hit-plate-image")), "the hit's plate crop did not load");
        await ConsoleDemoFixture.ScreenshotAsync(page, "console-officer-hit");

        await alert.GetByTestId("hit-accept").ClickAsync();
        await page.GetByTestId("verified-with").SelectOptionAsync("LEADS");
        await page.GetByTestId("decision-submit").ClickAsync();
        ILocator decided = page.Locator($"[data-testid=hit-row][data-hit-id='{hitId}']").GetByTestId("hit-decision");
        await Expect(decided).ToContainTextAsync("accepted", IgnoringCase);
        await Expect(decided).ToContainTextAsync("LEADS");
        await Expect(decided).ToContainTextAsync(ConsoleDemoFixture.Officer.Login);

        // A second person, in a browser context of their own: the auditor.
        IPage auditor = await demo.SignedInAsync(ConsoleDemoFixture.Auditor);
        await auditor.GetByTestId("nav-audit").ClickAsync();
        await auditor.GetByTestId("audit-action").FillAsync("hit_disposition");
        await auditor.GetByTestId("audit-actor").FillAsync(ConsoleDemoFixture.Officer.Login);
        await auditor.GetByTestId("audit-apply").ClickAsync();
        ILocator rows = auditor.GetByTestId("audit-row");
        await Expect(rows.First).ToBeVisibleAsync();
        // The page shows the trail unfiltered first: wait until the filtered answer has replaced every row.
        await Expect(rows.GetByTestId("audit-row-action").Filter(new() { HasNotText = "hit_disposition" })).ToHaveCountAsync(0);
        await Expect(rows.GetByTestId("audit-row-actor").Filter(new() { HasNotText = ConsoleDemoFixture.Officer.Login })).ToHaveCountAsync(0);
        Assert.All(await rows.GetByTestId("audit-row-actor").AllInnerTextsAsync(), actor => Assert.Equal(ConsoleDemoFixture.Officer.Login, actor));
        Assert.All(await rows.GetByTestId("audit-row-action").AllInnerTextsAsync(), action => Assert.Equal("hit_disposition", action));
        await Expect(rows.Filter(new() { HasText = "LEADS" })).Not.ToHaveCountAsync(0);

        await page.Context.CloseAsync();
        await auditor.Context.CloseAsync();
    }
}
