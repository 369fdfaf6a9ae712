using System.Globalization;
using EdgeAlpr.Storage;
using EdgeAlpr.WebConsole;
using EdgeAlpr.WebConsole.Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace EdgeAlpr.Tools.Demo;

/// <summary>
/// The demo's web console (<c>--console-port</c>): the settings that turn it on, the people signed up in the store
/// before the agent starts, and what the screen says once it is up (its URL, its certificate's SHA-256, who can sign
/// in) and once the clip has ended (how long it stays up).
/// </summary>
internal sealed class DemoConsole(IAnsiConsole screen, IReadOnlyList<DemoAccount> accounts, bool generated)
{
    private IReadOnlyList<DemoAccount> _made = [];
    private bool _toldLingering;

    /// <summary>Where the console listens, once it does.</summary>
    public string? Url { get; private set; }

    /// <summary>The agent's settings for the console on loopback and for staying up <paramref name="linger"/> seconds after the clip.</summary>
    public static Dictionary<string, string?> Settings(int port, int linger) =>
        new()
        {
            ["Console:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Console:Address"] = "127.0.0.1",
            ["Agent:LingerAfterCamerasEnd"] = TimeSpan.FromSeconds(linger).ToString("c", CultureInfo.InvariantCulture),
        };

    public void SignUp(EvidenceStore store) => _made = DemoSignUp.Make(store, accounts, TimeProvider.System);

    public void Watch(HostApplicationBuilder builder) =>
        builder.Services.AddHostedService(sp => new DemoConsoleWatch(sp.GetRequiredService<ConsoleServer>(), Started));

    /// <summary>Says once that the clip has ended and until when the agent stays up.</summary>
    public void Lingering(DateTimeOffset? until, int seconds)
    {
        if (until is not { } end || _toldLingering)
        {
            return;
        }

        _toldLingering = true;
        screen.MarkupLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"[grey]demo: the clip has ended; the agent and console stay up {seconds} s, until {end:HH:mm:ss} UTC (Ctrl-C ends it)[/]"
            )
        );
    }

    private void Started(ConsoleServer console)
    {
        Url = console.Address?.ToString();
        // Two lines, so a script finds each whole: the address, and the thumbprint to pin or compare with the browser's.
        screen.MarkupLine($"demo: web console on [bold]{Markup.Escape(Url ?? "?")}[/]");
        screen.MarkupLine($"demo: console certificate SHA-256 {(console.Certificate is { } c ? ConsoleCertificate.Thumbprint(c) : "?")}");
        var table = new Table().AddColumn("login").AddColumn("role").AddColumn("password");
        foreach (DemoAccount account in _made)
        {
            // Passwords made up here are shown this once and kept nowhere; those from the file the person has.
            string password = account.Line == 0 ? account.Password : "(from the users file)";
            table.AddRow(Markup.Escape(account.Login), Markup.Escape(account.RoleList), Markup.Escape(password));
        }

        table.Caption(generated ? "[grey]random passwords, shown once[/]" : "[grey]the people from --users[/]");
        screen.Write(table);
    }
}
