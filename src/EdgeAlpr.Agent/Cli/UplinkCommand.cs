using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink;
using EdgeAlpr.Uplink.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr uplink drain|sign-command</c>: forward a store's backlog to the platform by hand
/// (the agent must not be running on the store), and the platform's side of signing a command.
/// </summary>
internal static class UplinkCommand
{
    public static Command Create()
    {
        var uplink = new Command("uplink", "The MQTT link to the central platform (docs/mqtt-contract.md)");
        uplink.Subcommands.Add(Drain());
        uplink.Subcommands.Add(SignCommand());
        return uplink;
    }

    private static Command Drain()
    {
        var cli = new UplinkOptionsCli();
        var command = new Command(
            "drain",
            "Connect, forward everything the store has queued (hits first), wait for every acknowledgement, disconnect; exit 1 if the broker refused some"
        );
        cli.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                CommandRunner.RunAsync(
                    cli.Overrides(parse),
                    cli.LogLevel(parse),
                    withUplink: true,
                    async (services, token) =>
                    {
                        TimeProvider time = services.GetRequiredService<TimeProvider>();
                        StoreOptions storeOptions = services.GetRequiredService<IOptions<StoreOptions>>().Value;
                        UplinkOptions options = services.GetRequiredService<IOptions<UplinkOptions>>().Value;
                        HotListService hotList = services.GetRequiredService<HotListService>();
                        await hotList.LoadAsync(token).ConfigureAwait(false);
                        await using EvidenceStore store = EvidenceStore.Open(
                            storeOptions,
                            StoreKey.Resolve(storeOptions),
                            time,
                            services.GetRequiredService<ILogger<EvidenceStore>>(),
                            create: false
                        );
                        using var service = new UplinkService(
                            store,
                            hotList,
                            options,
                            time,
                            services.GetRequiredService<ILogger<UplinkService>>(),
                            services.GetService<ILogLevelControl>()
                        );
                        long start = Stopwatch.GetTimestamp();
                        await service.DrainAsync(token).ConfigureAwait(false);
                        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                        OutboxBacklog left = store.Outbox.Backlog();
                        var summary = new DrainSummary(
                            options.Broker,
                            service.Statistics.Delivered,
                            service.Statistics.Refused,
                            service.Statistics.Messages,
                            service.Statistics.BytesSent,
                            WireJson.Round(seconds, 2),
                            left.Items,
                            left.Urgent,
                            service.Statistics.LatencyPercentile(50),
                            service.Statistics.LatencyPercentile(99)
                        );
                        if (!parse.GetValue(cli.Json))
                        {
                            await Console
                                .Error.WriteLineAsync(
                                    $"edge-alpr: forwarded {summary.Delivered} items ({summary.Messages} messages, {summary.Bytes / 1048576.0:F1} MB) in {summary.Seconds} s; {summary.OutboxLeft} left in the outbox"
                                )
                                .ConfigureAwait(false);
                        }

                        if (left.Items > 0)
                        {
                            await Console
                                .Error.WriteLineAsync(
                                    $"edge-alpr: {left.Items} items were not delivered (refused by the broker, or waiting to be retried); 'edge-alpr store stats' shows them"
                                )
                                .ConfigureAwait(false);
                        }

                        await Console.Out.WriteLineAsync(WireJson.Line(summary)).ConfigureAwait(false);
                        return left.Items == 0 ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
                    },
                    ct
                )
        );
        return command;
    }

    private static Command SignCommand()
    {
        var key = new Option<string>("--key") { Description = "PEM file with the platform's ECDSA P-256 private key", Required = true };
        var agency = new Option<string>("--agency") { Description = "The unit's agency", Required = true };
        var device = new Option<string>("--device") { Description = "The unit the command is for", Required = true };
        var name = new Option<string>("--name") { Description = $"The command: {string.Join(", ", PlatformCommand.Known)}", Required = true };
        var args = new Option<string[]>("--arg")
        {
            Description = "An argument NAME=VALUE (log_level: level=debug, minutes=15)",
            AllowMultipleArgumentsPerToken = false,
        };
        var minutes = new Option<int>("--valid-minutes")
        {
            Description = "How long the unit may obey it (default 5; at most Uplink:CommandMaxAge)",
            DefaultValueFactory = _ => 5,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the signed command here instead of stdout" };
        var command = new Command("sign-command", "Platform side: sign a command for one unit (publish it on {prefix}/{agency}/{device}/cmd)");
        foreach (Option o in new Option[] { key, agency, device, name, args, minutes, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            async (parse, ct) =>
            {
                var arguments = new Dictionary<string, string>();
                foreach (string pair in parse.GetValue(args) ?? [])
                {
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        await Console.Error.WriteLineAsync($"edge-alpr: --arg '{pair}' is not NAME=VALUE").ConfigureAwait(false);
                        return ExitCodes.UsageOrConfiguration;
                    }

                    arguments[pair[..eq]] = pair[(eq + 1)..];
                }

                try
                {
                    using var ecdsa = ECDsa.Create();
                    ecdsa.ImportFromPem(FileSystem.SecretFile.ReadText(parse.GetValue(key)!, "platform private key"));
                    DateTimeOffset now = DateTimeOffset.UtcNow;
                    var signed = new PlatformCommand(
                        1,
                        Guid.CreateVersion7(),
                        parse.GetValue(name)!,
                        parse.GetValue(agency)!,
                        parse.GetValue(device)!,
                        now,
                        now.AddMinutes(parse.GetValue(minutes)),
                        arguments.Count > 0 ? arguments : null
                    );
                    byte[] envelope = CommandEnvelope.Create(signed, ecdsa);
                    if (parse.GetValue(output) is { } path)
                    {
                        await File.WriteAllBytesAsync(path, envelope, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await Console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(envelope)).ConfigureAwait(false);
                    }

                    return ExitCodes.Ok;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
                {
                    await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConfiguration;
                }
            }
        );
        return command;
    }

    private sealed record DrainSummary(
        string Broker,
        long Delivered,
        long Refused,
        long Messages,
        long Bytes,
        double Seconds,
        int OutboxLeft,
        int UrgentLeft,
        double? PubackP50Ms,
        double? PubackP99Ms
    );
}
