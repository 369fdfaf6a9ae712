using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EdgeAlpr.Console.BrowserTests;

/// <summary>
/// The supervisor's local entries page during the demo: a refused entry names its problems, a new wanted is added and
/// listed as theirs, and removed with a reason. A plate the demo's clip never shows, so no officer sees a hit from it.
/// </summary>
[Collection(ConsoleDemoCollection.Name)]
public sealed class SupervisorTests(ConsoleDemoFixture demo)
{
    private const string Plate = "LOC4321";

    [Fact]
    public async Task A_supervisor_adds_a_new_wanted_sees_it_listed_as_theirs_and_removes_it_with_a_reason()
    {
        IPage page = await demo.SignedInAsync(ConsoleDemoFixture.Supervisor);
        await page.GetByTestId("nav-local-entries").ClickAsync();
        await Expect(page.GetByTestId("local-page")).ToBeVisibleAsync();

        // No reason: the use case's own words, and nothing added.
        await page.GetByTestId("local-plate").FillAsync(Plate);
        await page.GetByTestId("local-add").ClickAsync();
        await Expect(page.GetByTestId("local-problems")).ToContainTextAsync("a reason is required");

        await page.GetByTestId("local-reason").FillAsync("armed robbery suspect vehicle, case 26-004417");
        await page.GetByTestId("local-add").ClickAsync();
        await Expect(page.GetByTestId("local-added")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("local-outcome")).Not.ToContainTextAsync("null");
        ILocator row = page.Locator($"[data-testid=local-row][data-plate='{Plate}']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(ConsoleDemoFixture.Supervisor.Login);
        await Expect(row).ToContainTextAsync("local_new_wanted");
        await ConsoleDemoFixture.ScreenshotAsync(page, "console-supervisor-local-entries");

        await row.GetByTestId("local-remove-reason").FillAsync("vehicle recovered");
        await row.GetByTestId("local-remove").ClickAsync();
        await Expect(page.GetByTestId("local-removed")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=local-row][data-plate='{Plate}']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
