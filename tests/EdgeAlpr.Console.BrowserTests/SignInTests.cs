using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EdgeAlpr.Console.BrowserTests;

/// <summary>The sign-in form in the browser: a wrong password is told, the fifth in a row locks the account.</summary>
[Collection(ConsoleDemoCollection.Name)]
public sealed class SignInTests(ConsoleDemoFixture demo)
{
    private static readonly LocatorAssertionsToContainTextOptions IgnoringCase = new() { IgnoreCase = true };

    [Fact]
    public async Task A_wrong_password_is_told_and_leaves_the_form_up()
    {
        IPage page = await demo.OpenAsync();
        await ConsoleDemoFixture.SignInAsync(page, ConsoleDemoFixture.Auditor.Login, "not-the-password-at-all");
        await Expect(page.GetByTestId("sign-in-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("unknown user or wrong password", IgnoringCase);
        await Expect(page.GetByTestId("nav")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("sign-in-password")).ToHaveValueAsync("");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_fifth_failure_in_a_row_locks_the_account_and_then_even_the_right_password_is_refused()
    {
        IPage page = await demo.OpenAsync();
        Person person = ConsoleDemoFixture.LockedOut;
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            await ConsoleDemoFixture.SignInAsync(page, person.Login, $"wrong-guess-number-{attempt}");
            await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("unknown user or wrong password", IgnoringCase);
            await Expect(page.GetByTestId("sign-in-error")).Not.ToContainTextAsync("locked", IgnoringCase);
        }

        await ConsoleDemoFixture.SignInAsync(page, person.Login, "wrong-guess-number-5");
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync($"the account {person.Login} is now locked", IgnoringCase);

        await ConsoleDemoFixture.SignInAsync(page, person.Login, person.Password);
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("locked until", IgnoringCase);
        await Expect(page.GetByTestId("nav")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }
}
