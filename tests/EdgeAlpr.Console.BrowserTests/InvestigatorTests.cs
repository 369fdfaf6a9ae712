using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EdgeAlpr.Console.BrowserTests;

/// <summary>
/// The investigator's and supervisor's pages: a search refused without grounds and answered with them, and a
/// release an investigator requests and a supervisor approves.
/// </summary>
[Collection(ConsoleDemoCollection.Name)]
public sealed class InvestigatorTests(ConsoleDemoFixture demo)
{
    private static readonly LocatorAssertionsToContainTextOptions IgnoringCase = new() { IgnoreCase = true };

    private const string CaseNumber = "26-004417";
    private const string Purpose = "stolen vehicle reported 2026-11-30";

    [Fact]
    public async Task A_search_without_grounds_is_refused_with_its_problems_and_with_them_answered_with_images()
    {
        IPage page = await OpenSearchAsync();
        string plate = demo.ClipPlates[0];
        await page.GetByTestId("search-plate").FillAsync(plate);
        await page.GetByTestId("search-submit").ClickAsync();
        ILocator problems = page.GetByTestId("search-problems");
        await Expect(problems).ToBeVisibleAsync();
        await Expect(problems).ToContainTextAsync("case number is required", IgnoringCase);
        await Expect(problems).ToContainTextAsync("purpose is required", IgnoringCase);
        await Expect(page.GetByTestId("search-result-row")).ToHaveCountAsync(0);

        await SearchAsync(page, plate);
        await Expect(page.GetByTestId("search-problems")).ToBeHiddenAsync();
        ILocator row = page.GetByTestId("search-result-row").First;
        await Expect(row).ToContainTextAsync(plate);
        Assert.True(await ConsoleDemoFixture.LoadedAsync(row.GetByTestId("result-plate-image")), "the result's plate crop did not load");
        await ConsoleDemoFixture.ScreenshotAsync(page, "console-investigator-results");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_release_requested_by_the_investigator_is_approved_by_a_supervisor_and_then_offered_for_download()
    {
        IPage page = await OpenSearchAsync();
        string plate = demo.ClipPlates[^1];
        await SearchAsync(page, plate);
        await page.GetByTestId("search-result-row").First.GetByTestId("release-select").CheckAsync();
        await Expect(page.GetByTestId("release-request")).ToBeVisibleAsync();
        await page.GetByTestId("release-agency").FillAsync("Cook County State's Attorney");
        await page.GetByTestId("release-ori").FillAsync("IL016015A");
        await page.GetByTestId("release-kind").SelectOptionAsync("law_enforcement");
        await page.GetByTestId("release-submit").ClickAsync();
        ILocator requestId = page.GetByTestId("release-request-id");
        await Expect(requestId).Not.ToBeEmptyAsync();
        string id = (await requestId.InnerTextAsync()).Trim();
        await Expect(page.GetByTestId("release-request").GetByTestId("release-state")).ToContainTextAsync("pending", IgnoringCase);

        IPage supervisor = await demo.SignedInAsync(ConsoleDemoFixture.Supervisor);
        await supervisor.GetByTestId("nav-releases").ClickAsync();
        await Expect(supervisor.GetByTestId("releases-page")).ToBeVisibleAsync();
        ILocator release = supervisor.Locator($"[data-testid=release-row][data-request='{id}']");
        await Expect(release).ToHaveCountAsync(1);
        await Expect(release.GetByTestId("release-state")).ToContainTextAsync("pending", IgnoringCase);
        await release.GetByTestId("release-passphrase").FillAsync("a long passphrase for the recipient 7731");
        await release.GetByTestId("release-approve").ClickAsync();
        await Expect(release.GetByTestId("release-approved")).ToBeVisibleAsync();
        await Expect(release.GetByTestId("release-download")).ToBeVisibleAsync();

        // Listed again (all requests, not only those waiting): the request is approved and its package offered.
        await supervisor.GetByTestId("releases-state").SelectOptionAsync("all");
        release = supervisor.Locator($"[data-testid=release-row][data-request='{id}']");
        await Expect(release.GetByTestId("release-state")).ToContainTextAsync("approved", IgnoringCase);
        await Expect(release.GetByTestId("release-download")).ToBeVisibleAsync();
        await Expect(release.GetByTestId("release-approve")).ToHaveCountAsync(0);

        await page.Context.CloseAsync();
        await supervisor.Context.CloseAsync();
    }

    private async Task<IPage> OpenSearchAsync()
    {
        IPage page = await demo.SignedInAsync(ConsoleDemoFixture.Investigator);
        await page.GetByTestId("nav-search").ClickAsync();
        await Expect(page.GetByTestId("search-page")).ToBeVisibleAsync();
        // The clip's reads are kept by the time the demo printed its console line only if it has run a while.
        await demo.Demo.WaitForAsync(ConsoleDemoFixture.ClipEnded(), TimeSpan.FromMinutes(2));
        return page;
    }

    private static async Task SearchAsync(IPage page, string plate)
    {
        await page.GetByTestId("search-plate").FillAsync(plate);
        await page.GetByTestId("search-case").FillAsync(CaseNumber);
        await page.GetByTestId("search-purpose").FillAsync(Purpose);
        await page.GetByTestId("search-submit").ClickAsync();
        await Expect(page.GetByTestId("search-results")).ToBeVisibleAsync();
    }
}
