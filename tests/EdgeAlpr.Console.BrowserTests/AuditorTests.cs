using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EdgeAlpr.Console.BrowserTests;

/// <summary>An auditor reads the trail and nothing else: no search page is offered, and the API refuses a search asked from their page.</summary>
[Collection(ConsoleDemoCollection.Name)]
public sealed class AuditorTests(ConsoleDemoFixture demo)
{
    [Fact]
    public async Task An_auditor_is_offered_no_search_and_a_search_from_their_page_is_refused_403()
    {
        IPage page = await demo.SignedInAsync(ConsoleDemoFixture.Auditor);
        await Expect(page.GetByTestId("nav-audit")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-search")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("search-page")).ToHaveCountAsync(0);

        // From the auditor's own page, with their own session (the bearer token the page keeps), grounds and all.
        string plate = demo.ClipPlates[0];
        JsonElement answer = await page.EvaluateAsync<JsonElement>(
            """
            async (plate) => {
              const response = await fetch("/api/search", {
                method: "POST",
                headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionStorage.getItem("edgealpr.token")}` },
                body: JSON.stringify({ plate, case_number: "26-004417", purpose: "stolen vehicle reported 2026-11-30" }),
              });
              return { status: response.status, body: await response.text() };
            }
            """,
            plate
        );
        Assert.Equal(403, answer.GetProperty("status").GetInt32());
        using JsonDocument body = JsonDocument.Parse(answer.GetProperty("body").GetString()!);
        Assert.Equal("access_denied", body.RootElement.GetProperty("reason").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_trail_unfiltered_first_answer_arriving_late_never_replaces_the_filter_the_auditor_asked_for()
    {
        IPage page = await demo.SignedInAsync(ConsoleDemoFixture.Auditor);
        // Hold the page's first, unfiltered answer back until the auditor's filtered one is on screen.
        TaskCompletionSource releaseFirst = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(
            url => url.Contains("/api/audit?", StringComparison.Ordinal) && !url.Contains("actor=", StringComparison.Ordinal),
            async route =>
            {
                firstHeld.TrySetResult();
                await releaseFirst.Task;
                await route.ContinueAsync();
            }
        );
        await page.GetByTestId("nav-audit").ClickAsync();
        await firstHeld.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await page.GetByTestId("audit-action").FillAsync("sign_in");
        await page.GetByTestId("audit-actor").FillAsync(ConsoleDemoFixture.Auditor.Login);
        await page.GetByTestId("audit-apply").ClickAsync();
        ILocator rows = page.GetByTestId("audit-row");
        await Expect(rows.First).ToBeVisibleAsync();
        int filtered = await rows.CountAsync();

        IResponse late = await page.RunAndWaitForResponseAsync(
            () =>
            {
                releaseFirst.SetResult();
                return Task.CompletedTask;
            },
            response => response.Url.Contains("/api/audit?", StringComparison.Ordinal) && !response.Url.Contains("actor=", StringComparison.Ordinal)
        );
        await late.FinishedAsync();
        // Let the page's own handling of that answer run (a fetch's body and its rendering are a few tasks later).
        await page.EvaluateAsync("() => new Promise(resolve => setTimeout(resolve, 250))");

        Assert.Equal(filtered, await rows.CountAsync());
        Assert.All(await rows.GetByTestId("audit-row-actor").AllInnerTextsAsync(), actor => Assert.Equal(ConsoleDemoFixture.Auditor.Login, actor));
        Assert.All(await rows.GetByTestId("audit-row-action").AllInnerTextsAsync(), action => Assert.Equal("sign_in", action));
        await page.Context.CloseAsync();
    }
}
