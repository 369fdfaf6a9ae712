using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeAlpr.TestKit.Demo;
using Microsoft.Playwright;

namespace EdgeAlpr.Console.BrowserTests;

/// <summary>
/// One <c>edge-alpr demo --console-port PORT --users FILE --linger 600</c> (the real CLI binary) and one headless
/// Debian chromium for all the browser tests: starting the demo (the clip, the models, the agent) is most of their
/// time, so they share it and each test opens its own browser context (its own session storage and cookies).
/// </summary>
public sealed partial class ConsoleDemoFixture : IAsyncLifetime, IDisposable
{
    /// <summary>Debian's browser (package <c>chromium</c>); Playwright's own download is not used.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public static readonly Person Officer = new("ofc.lee", "officer", "patrol-lantern-4471");
    public static readonly Person Investigator = new("det.park", "investigator", "quarry-harbor-2290");
    public static readonly Person Supervisor = new("sgt.diaz", "supervisor", "copper-meadow-8813");
    public static readonly Person Auditor = new("aud.kim", "auditor", "amber-quarry-5120");

    /// <summary>An account the lockout test locks: no other test signs in with it.</summary>
    public static readonly Person LockedOut = new("aud.locked", "auditor", "silent-orchard-6620");

    private readonly TempFolder _dir = new("edge-alpr-browser-");
    private IPlaywright? _playwright;

    public RunningDemo Demo { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The plates of the demo's clip.</summary>
    public IReadOnlyList<string> ClipPlates { get; private set; } = [];

    /// <summary>The plates on the demo's sample hot list, as it printed them: the hits the officer sees.</summary>
    public IReadOnlyList<string> HotPlates { get; private set; } = [];

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (tests/run.sh does)");
        }

        string users = _dir.File("users.txt");
        await File.WriteAllLinesAsync(
            users,
            [
                "# the browser tests' people: name:role:password",
                .. new[] { Officer, Investigator, Supervisor, Auditor, LockedOut }.Select(p => $"{p.Login}:{p.Role}:{p.Password}"),
            ]
        );
        string folder = _dir.File("demo");
        Demo = await RunningDemo.StartAsync(
            [
                "--console-port",
                FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--users",
                users,
                "--linger",
                "600",
                "--keep",
                folder,
            ],
            TimeSpan.FromMinutes(3)
        );
        using (JsonDocument truth = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "demo-clip.truth.json"))))
        {
            ClipPlates = [.. truth.RootElement.GetProperty("plates").EnumerateArray().Select(p => p.GetProperty("text").GetString()!)];
        }

        HotPlates = [.. HotListLine().Match(Demo.Stderr).Groups[1].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)];
        Assert.NotEmpty(HotPlates);

        // The browser is told to ignore certificate errors; first make sure the origin it is sent to serves the very
        // certificate the demo printed, with a client pinned to that thumbprint.
        using (HttpClient pinned = Demo.Client())
        {
            (await pinned.GetAsync("/")).EnsureSuccessStatusCode();
        }

        // The machine running them is shared with builds: an Argon2id sign-in can take seconds there.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                // Root in a container has no user namespaces for chromium's sandbox; the pages are our own.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            }
        );
    }

    /// <summary>
    /// A fresh browser context on the console: certificate errors ignored (the demo's certificate is self-signed)
    /// but every request to any other origin aborted, so that exception covers the demo's loopback origin only.
    /// </summary>
    public async Task<IPage> OpenAsync()
    {
        string origin = Demo.ConsoleUrl.GetLeftPart(UriPartial.Authority);
        IBrowserContext context = await Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                IgnoreHTTPSErrors = true,
                BaseURL = origin,
                ViewportSize = new ViewportSize { Width = 1024, Height = 700 },
            }
        );
        await context.RouteAsync(url => !url.StartsWith(origin + "/", StringComparison.Ordinal), route => route.AbortAsync("blockedbyclient"));
        context.SetDefaultTimeout(20_000);
        IPage page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    /// <summary>Signs <paramref name="person"/> in through the form and waits for the navigation their roles give.</summary>
    public async Task<IPage> SignedInAsync(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        IPage page = await OpenAsync();
        await SignInAsync(page, person.Login, person.Password);
        await Assertions.Expect(page.GetByTestId("who-name")).ToContainTextAsync(person.Login);
        return page;
    }

    public static async Task SignInAsync(IPage page, string login, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByTestId("sign-in-user").FillAsync(login);
        await page.GetByTestId("sign-in-password").FillAsync(password);
        // Each attempt waits for its answer: the form clears the password when one comes, so a next attempt typed
        // meanwhile would be sent empty (or not at all).
        await page.RunAndWaitForResponseAsync(
            () => page.GetByTestId("sign-in-submit").ClickAsync(),
            response => response.Url.EndsWith("/api/session", StringComparison.Ordinal) && response.Request.Method == "POST"
        );
    }

    /// <summary>With <c>EDGEALPR_SCREENSHOTS=DIR</c>, saves the page as DIR/NAME.png (the docs' pictures come from here).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (Environment.GetEnvironmentVariable("EDGEALPR_SCREENSHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}.png"), Type = ScreenshotType.Png });
        }
    }

    /// <summary>Whether an image element has loaded a real picture (its natural width is above zero).</summary>
    public static async Task<bool> LoadedAsync(ILocator image)
    {
        ArgumentNullException.ThrowIfNull(image);
        await Assertions.Expect(image).ToBeVisibleAsync();
        // A lazily loaded image loads only once in view.
        await image.ScrollIntoViewIfNeededAsync();
        for (int i = 0; i < 100; i++)
        {
            if (await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Demo is not null)
        {
            ProcessResult stopped = await Demo.StopAsync(TimeSpan.FromSeconds(60));
            // Stopped by SIGTERM during its linger, the demo ends as after a whole look: its summary, exit 0.
            Assert.True(stopped.ExitCode == 0, stopped.Stderr);
            await Demo.DisposeAsync();
        }
    }

    /// <summary>After <see cref="DisposeAsync"/> (xunit calls both): the demo's folder, once the demo has stopped.</summary>
    public void Dispose() => _dir.Dispose();

    /// <summary>What the demo prints once its clip has ended (and every read of it is kept).</summary>
    public static Regex ClipEnded() => new("the clip has ended");

    [GeneratedRegex(@"; hot list: ([A-Z0-9, ]+)")]
    private static partial Regex HotListLine();
}

/// <summary>A person of the demo's users file.</summary>
public sealed record Person(string Login, string Role, string Password);

[CollectionDefinition(Name)]
public sealed class ConsoleDemoCollection : ICollectionFixture<ConsoleDemoFixture>
{
    public const string Name = "console demo";
}
