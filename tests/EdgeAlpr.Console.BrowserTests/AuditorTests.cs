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
}
