using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeAlpr.Application.ReadPath;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Hosting.Service;
using EdgeAlpr.Synthesis;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace EdgeAlpr.Tools.Demo;

/// <summary>
/// <c>edge-alpr demo [--source SRC] [--json] [--console-port PORT [--users FILE] [--linger SECONDS]]</c>: the whole
/// agent on embedded defaults, with no setup: a synthetic traffic clip (or the given source), a sample hot list with
/// some of its plates, a store in a temporary folder, and an MQTT broker in this process that the agent reaches over
/// TCP. It shows reads and hits as the central side receives them, then a summary. With a console port, the agent's
/// web console runs on <c>https://127.0.0.1:PORT</c> with the demo's people signed up, and the agent stays up for
/// the linger after the clip so someone can sign in and look.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source")
        {
            Description = "A video file, folder of pictures, /dev/videoN or rtsp:// URL instead of the synthetic clip",
        };
        var plates = new Option<int>("--plates") { Description = "Vehicles in the synthetic clip (default 6)", DefaultValueFactory = _ => 6 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic clip (default 7)", DefaultValueFactory = _ => 7 };
        var hot = new Option<string[]>("--hot")
        {
            Description = "A plate to put on the sample hot list as stolen (repeatable; default: two of the clip's plates)",
        };
        var keep = new Option<string?>("--keep")
        {
            Description = "Work in this folder and keep it (clip, store, hot list, status) instead of a temporary one",
        };
        var sound = new Option<bool>("--sound") { Description = "Play the alert tones and announcements (aplay)" };
        var json = new Option<bool>("--json") { Description = "End with a JSON summary as the last stdout line" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log the agent's details on stderr" };
        var consolePort = new Option<int>("--console-port")
        {
            Description = "Run the agent's web console on https://127.0.0.1:PORT (a self-signed certificate, its SHA-256 printed)",
        };
        var users = new Option<string?>("--users")
        {
            Description =
                "With --console-port: the people to sign up, lines name:role:password (default: one per role, random passwords printed once)",
        };
        var linger = new Option<int>("--linger")
        {
            Description = "With --console-port: keep the agent and console up this many seconds after the clip ends (Ctrl-C ends it early)",
        };
        plates.Between(1, 100);
        consolePort.Between(1, 65535);
        linger.Between(0, 86400);
        var command = new Command(
            "demo",
            "The whole agent with no setup: clip → recognition → hot list → alerts → store → MQTT to an in-process broker; live reads and hits, then a summary"
        );
        foreach (Option o in new Option[] { source, plates, seed, hot, keep, sound, json, verbose, consolePort, users, linger })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            (parse, ct) =>
                RunAsync(
                    new Settings(
                        parse.GetValue(source),
                        parse.GetValue(plates),
                        parse.GetValue(seed),
                        parse.GetValue(hot) ?? [],
                        parse.GetValue(keep),
                        parse.GetValue(sound),
                        parse.GetValue(json),
                        parse.GetValue(verbose),
                        parse.GetValue(consolePort),
                        parse.GetValue(users),
                        parse.GetValue(linger)
                    ),
                    ct
                )
        );
        return command;
    }

    private static async Task<int> RunAsync(Settings s, CancellationToken cancellationToken)
    {
        if (s.Source is not null && AgentOptionsValidator.SourceProblem(s.Source) is { } problem)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: --source {problem}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        IReadOnlyList<DemoAccount> accounts = [];
        if (s.ConsolePort == 0 && (s.Users is not null || s.Linger > 0))
        {
            await Console.Error.WriteLineAsync("edge-alpr: --users and --linger need --console-port").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        if (s.ConsolePort > 0)
        {
            try
            {
                accounts = s.Users is { } file ? DemoAccounts.Read(file) : DemoAccounts.OnePerRole();
            }
            catch (DemoAccountsException ex)
            {
                await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageOrConfiguration;
            }
        }

        string dir = s.Keep is { } kept ? Path.GetFullPath(kept) : Path.Combine(Path.GetTempPath(), $"edge-alpr-demo-{Guid.NewGuid():N}"[..28]);
        Directory.CreateDirectory(dir);
        IAnsiConsole screen = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            // Read by a script (the console's URL and thumbprint): not wrapped at the default 80 columns.
            screen.Profile.Width = Math.Max(screen.Profile.Width, 200);
        }
        try
        {
            (string clip, SyntheticTruth? truth) = s.Source is { } given ? (given, null) : Synthesise(dir, s, screen, cancellationToken);
            List<string> listed = [.. s.Hot.Select(PlateText.Normalize).Where(p => p.Length > 0)];
            if (listed.Count == 0 && truth is not null)
            {
                listed = [.. truth.Plates.Where((_, i) => i % 3 == 1).Select(p => p.Text)];
            }

            screen.MarkupLine(
                $"[grey]demo: an MQTT broker in this process, store and hot list in {Markup.Escape(dir)}; hot list: {Markup.Escape(string.Join(", ", listed))}[/]"
            );
            var console = s.ConsolePort > 0 ? new DemoConsole(screen, accounts, s.Users is null) : null;
            var session = new DemoSession
            {
                PrepareStore = console is null ? null : console.SignUp,
                Configure = console is null ? null : console.Watch,
            };
            DemoOutcome? outcome = null;
            await screen
                .Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    ProgressTask task = ctx.AddTask("frames", maxValue: truth?.Frames ?? 1);
                    task.IsIndeterminate = truth is null;
                    Task<DemoOutcome> agent = session.RunAsync(
                        dir,
                        clip,
                        listed,
                        s.Sound,
                        s.Verbose ? LogLevel.Debug : LogLevel.Warning,
                        console is null ? new Dictionary<string, string?>() : DemoConsole.Settings(s.ConsolePort, s.Linger),
                        (kind, message) => Show(screen, kind, message),
                        cancellationToken
                    );
                    while (!agent.IsCompleted)
                    {
                        await Task.WhenAny(agent, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false);
                        if (session.Pipeline is { } pipeline && pipeline.Cameras() is [{ } camera, ..])
                        {
                            task.Value = Math.Min(task.MaxValue, camera.FramesCaptured);
                            task.Description = string.Create(
                                CultureInfo.InvariantCulture,
                                $"frames ({camera.State}, {pipeline.Counters.Reads} reads, {pipeline.Counters.Hits} hits)"
                            );
                            console?.Lingering(pipeline.LingeringUntil, s.Linger);
                        }
                    }

                    task.Value = task.MaxValue;
                    outcome = await agent.ConfigureAwait(false);
                })
                .ConfigureAwait(false);

            ReadPathService? read = outcome!.Pipeline;
            var summary = new DemoSummary(
                s.Source ?? clip,
                read?.Cameras().Sum(c => c.FramesCaptured) ?? 0,
                read?.Counters.Reads ?? 0,
                read?.Counters.Hits ?? 0,
                read?.Counters.Alerts ?? 0,
                outcome.ReadsReceived + outcome.HitsReceived,
                outcome.ReadsReceived,
                outcome.HitsReceived,
                outcome.Messages,
                truth?.Plates.Count,
                truth is null ? null : outcome.PlatesReceived.Intersect(truth.Plates.Select(p => p.Text), StringComparer.Ordinal).Count(),
                read?.Counters.AlertLatency.Percentile(50),
                WireJson.Round(outcome.Seconds, 1),
                outcome.Broker,
                s.Keep is null ? null : dir,
                console?.Url
            );
            PrintSummary(s.Json, summary);
            return outcome.ExitCode;
        }
        catch (DemoAccountsException ex)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        finally
        {
            if (s.Keep is null)
            {
                TryDelete(dir);
            }
        }
    }

    private static (string Clip, SyntheticTruth Truth) Synthesise(string dir, Settings s, IAnsiConsole screen, CancellationToken cancellationToken)
    {
        string clip = Path.Combine(dir, "demo-clip.mp4");
        screen.MarkupLine($"[grey]demo: rendering a synthetic clip with {s.Plates} vehicles…[/]");
        SyntheticTruth truth = new TrafficClipRenderer().Render(clip, s.Plates, s.Seed, cancellationToken);
        File.WriteAllText(Path.Combine(dir, "demo-clip.truth.json"), JsonSerializer.Serialize(truth, WireJson.Options));
        return (clip, truth);
    }

    private static void Show(IAnsiConsole screen, string kind, JsonElement message)
    {
        if (kind == "hit")
        {
            JsonElement hit = message.GetProperty("hit");
            screen.MarkupLine(
                $"[red bold]HIT[/]  {Markup.Escape(hit.GetProperty("plate").GetString()!)} [red]{Markup.Escape(hit.GetProperty("category").GetString()!)}[/] ({Markup.Escape(hit.GetProperty("match_kind").GetString()!)}) on {Markup.Escape(message.GetProperty("camera_id").GetString()!)} — {Markup.Escape(hit.GetProperty("verify").GetString()!)}"
            );
            return;
        }

        screen.MarkupLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"read {Markup.Escape(message.GetProperty("plate").GetString()!), -9} confidence {message.GetProperty("confidence").GetDouble():F2}, {message.GetProperty("frames_used").GetInt32()} frames, {message.GetProperty("images").GetArrayLength()} images"
            )
        );
    }

    private static void PrintSummary(bool json, DemoSummary summary)
    {
        if (json)
        {
            Console.Out.WriteLine(WireJson.Line(summary));
            return;
        }

        var table = new Table().AddColumn("demo").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("frames", summary.Frames.ToString(CultureInfo.InvariantCulture));
        table.AddRow("reads", summary.Reads.ToString(CultureInfo.InvariantCulture));
        table.AddRow("hits", summary.Hits.ToString(CultureInfo.InvariantCulture));
        table.AddRow("alerts", summary.Alerts.ToString(CultureInfo.InvariantCulture));
        table.AddRow("delivered (reads + hits at the central side)", summary.Delivered.ToString(CultureInfo.InvariantCulture));
        table.AddRow("MQTT messages received", summary.Messages.ToString(CultureInfo.InvariantCulture));
        if (summary.PlatesInClip is { } inClip)
        {
            table.AddRow("clip plates read exactly", $"{summary.PlatesReadExactly} of {inClip}");
        }

        if (summary.AlertP50Ms is { } alertMs)
        {
            table.AddRow("read to alert, median (ms)", alertMs.ToString(CultureInfo.InvariantCulture));
        }

        table.AddRow("seconds", summary.Seconds.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"edge-alpr: could not remove the demo folder {dir}: {ex.Message}");
        }
    }

    private sealed record Settings(
        string? Source,
        int Plates,
        int Seed,
        string[] Hot,
        string? Keep,
        bool Sound,
        bool Json,
        bool Verbose,
        int ConsolePort,
        string? Users,
        int Linger
    );

    private sealed record DemoSummary(
        string Source,
        long Frames,
        long Reads,
        long Hits,
        long Alerts,
        long Delivered,
        long DeliveredReads,
        long DeliveredHits,
        long Messages,
        int? PlatesInClip,
        int? PlatesReadExactly,
        double? AlertP50Ms,
        double Seconds,
        string Broker,
        string? Folder,
        string? ConsoleUrl
    );
}
