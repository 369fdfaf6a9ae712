using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Contracts;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Hosting;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Hosting.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr status [--json]</c>: how the running agent is, from the status file it rewrites
/// every few seconds: its build (version and commit), cameras, queues, outbox, hot list, storage, GPS, CPU temperature, uptime.
/// Exit 0 while it runs and reports; 1 when it has stopped or its report is stale; 2 when it never wrote one.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = $"The unit's settings, for Agent:StatusFile (default {RunCommand.DefaultConfig} when it exists)",
        };
        var file = new Option<string?>("--status-file") { Description = "Read this status file instead of Agent:StatusFile" };
        var json = new Option<bool>("--json") { Description = "Print the status as one JSON line" };
        var command = new Command("status", "How the running agent is: cameras, queues, outbox, hot list, storage, GPS, temperature, uptime");
        command.Options.Add(config);
        command.Options.Add(file);
        command.Options.Add(json);
        command.SetAction(
            async (parse, ct) =>
            {
                string? path = parse.GetValue(file);
                string? settings = parse.GetValue(config) ?? (File.Exists(RunCommand.DefaultConfig) ? RunCommand.DefaultConfig : null);
                if (path is null)
                {
                    try
                    {
                        // Only the settings are needed, not the agent: nothing is started.
                        using IHost host = AgentHost.Build(new Dictionary<string, string?>(), null, configFile: settings);
                        path = host.Services.GetRequiredService<IConfiguration>()[$"{AgentOptions.Section}:{nameof(AgentOptions.StatusFile)}"]
                            ?? new AgentOptions().StatusFile;
                    }
                    catch (Exception ex) when (ex is IOException or InvalidDataException)
                    {
                        await Console.Error.WriteLineAsync($"edge-alpr: configuration error: {ex.Message}").ConfigureAwait(false);
                        return ExitCodes.UsageOrConfiguration;
                    }
                }

                return await ShowAsync(path, parse.GetValue(json), ct).ConfigureAwait(false);
            }
        );
        return command;
    }

    private static async Task<int> ShowAsync(string path, bool json, CancellationToken cancellationToken)
    {
        JsonObject status;
        try
        {
            status = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false))?.AsObject()
                ?? throw new JsonException("empty");
        }
        catch (FileNotFoundException)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: no status at {path}: the agent has not run with this configuration (or Agent:StatusFile points elsewhere)"
                )
                .ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: cannot read the status at {path}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        JsonNode health = status["health"]!;
        DateTimeOffset at = health["at"]!.GetValue<DateTimeOffset>();
        double age = (DateTimeOffset.UtcNow - at).TotalSeconds;
        string state = status["state"]?.GetValue<string>() ?? "unknown";
        bool alive = Alive(status["pid"]?.GetValue<int>());
        // Fresh: rewritten within the last minute by a process that still runs.
        bool running = state is "running" or "starting" && alive && age < 60;
        if (json)
        {
            status["age_s"] = WireJson.Round(age, 1);
            status["running"] = running;
            await Console.Out.WriteLineAsync(status.ToJsonString(WireJson.Options)).ConfigureAwait(false);
        }
        else
        {
            Print(health, state, running, age);
        }

        return running ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }

    private static void Print(JsonNode h, string state, bool running, double age)
    {
        var console = AnsiConsole.Console;
        JsonNode? agent = h["agent"];
        string Text(JsonNode? n) => n?.ToJsonString().Trim('"') ?? "–";
        console.MarkupLine(
            running
                ? $"[green]{Markup.Escape(Text(h["device_id"]))}: {state}[/], up {TimeSpan.FromSeconds(h["uptime_s"]!.GetValue<double>()):d\\.hh\\:mm\\:ss}, report {age:F0} s old"
                : $"[red]{Markup.Escape(Text(h["device_id"]))}: not running[/] (last report: {state}, {age:F0} s ago)"
        );
        var table = new Table().AddColumn("").AddColumn("");
        table.AddRow("build", Markup.Escape(Build(h)));
        if (agent is not null)
        {
            table.AddRow("profile", Markup.Escape(Text(agent["profile"])));
            foreach (JsonNode? c in agent["cameras"]!.AsArray())
            {
                table.AddRow(
                    $"camera {Markup.Escape(Text(c!["id"]))}",
                    Markup.Escape(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{Text(c["state"])}{(c["reason"] is { } r ? $" ({Text(r)})" : "")}, {Text(c["fps_captured"])} fps captured, {Text(c["fps_processed"])} processed, {Text(c["frames_dropped"])} dropped, {Text(c["reads"])} reads"
                        )
                    )
                );
            }

            JsonNode q = agent["queues"]!;
            table.AddRow("queues", $"{Text(q["reads"])} reads to match, {Text(q["alerts"])} alerts, {Text(q["storing"])} being stored");
            JsonNode n = agent["counters"]!;
            table.AddRow(
                "since start",
                $"{Text(n["reads"])} reads, {Text(n["hits"])} hits, {Text(n["alerts"])} alerts ({Text(n["alerts_suppressed"])} suppressed), {Text(n["store_failures"])} store failures"
            );
            if (n["reads_suppressed"] is { } doubtful)
            {
                // Doubtful passes are counted, never silently dropped: an operator sees how many and why.
                table.AddRow(
                    "doubtful passes",
                    $"{Text(doubtful["total"])} not kept ({Text(doubtful["too_short"])} too short, {Text(doubtful["implausible_box"])} implausible box, {Text(doubtful["unconfirmed"])} unconfirmed), {Text(n["doubtful_reads_kept"])} kept for a mandatory hot-list hit"
                );
            }

            JsonNode l = agent["link"]!;
            table.AddRow(
                "uplink",
                Markup.Escape(
                    l["enabled"]!.GetValue<bool>()
                        ? $"{Text(l["broker"])}: {(l["connected"]!.GetValue<bool>() ? "connected" : $"not connected ({Text(l["last_error"])}, {Text(l["failed_attempts"])} attempts)")}"
                        : "none configured: reads stay in the store"
                )
            );
            table.AddRow(
                "gps",
                Markup.Escape(
                    agent["gps"] is { } g
                        ? $"{Text(g["source"])} {Text(g["mode"])} {Text(g["latitude"])},{Text(g["longitude"])}{(g["stale"]!.GetValue<bool>() ? " STALE" : "")}"
                        : "none"
                )
            );
            JsonNode d = agent["disk"]!;
            table.AddRow(
                "disk",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"database {d["database_bytes"]!.GetValue<long>() / 1048576.0:F1} MB, images {d["image_bytes"]!.GetValue<long>() / 1048576.0:F1} MB, {d["free_bytes"]!.GetValue<long>() / 1073741824.0:F1} GB free"
                )
            );
            table.AddRow("cpu temperature", agent["cpu_temperature_c"] is { } t ? $"{Text(t)} °C" : "not exposed by this board");
        }

        JsonNode o = h["outbox"]!;
        table.AddRow(
            "outbox",
            $"{Text(o["items"])} items ({Text(o["urgent"])} urgent){(o["oldest_age_s"] is { } oldest ? $", oldest {Text(oldest)} s" : "")}"
        );
        JsonNode hl = h["hot_list"]!;
        table.AddRow(
            "hot list",
            $"version {Text(hl["version"])}, {Text(hl["entries"])} entries, {(hl["age_hours"] is { } ageH ? $"{Text(ageH)} h old" : "no platform list")}{(hl["stale"]!.GetValue<bool>() ? " [yellow]STALE[/]" : "")}"
        );
        JsonNode s = h["storage"]!;
        table.AddRow("storage", s["alarm"]!.GetValue<bool>() ? $"[red]ALARM[/] {Markup.Escape(Text(s["reason"]))}" : "ok");
        console.Write(table);
    }

    /// <summary>
    /// The running agent's build; when this command's differs (installed since the agent started, or a report
    /// written before builds carried their identity), it says so: the unit runs the older code until restarted.
    /// </summary>
    private static string Build(JsonNode h)
    {
        var reported = new BuildIdentity(
            h["agent_version"]?.GetValue<string>() ?? "unknown",
            h["agent_commit"]?.GetValue<string>() ?? BuildIdentity.UnknownCommit
        );
        return reported == BuildIdentity.Current ? reported.ToString() : $"{reported}; this edge-alpr is {BuildIdentity.Current}";
    }

    private static bool Alive(int? pid)
    {
        if (pid is not { } id)
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
