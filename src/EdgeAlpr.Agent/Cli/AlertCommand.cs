using System.CommandLine;
using EdgeAlpr.Alerts.Audio;
using EdgeAlpr.Alerts.Gpio;
using EdgeAlpr.Contracts.Alerts;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Alerts;
using EdgeAlpr.Core.HotLists;
using EdgeAlpr.Core.Plates;
using EdgeAlpr.Hosting;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.HotLists;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr alert test --category stolen [--plate ABC123] [--wav out.wav]</c>: exactly what a
/// real hit of that category produces on this unit, by its configuration: the screen text, the
/// LED, the light bar, the tone and the spoken announcement (played, or written to a WAV file).
/// </summary>
internal static class AlertCommand
{
    public static Command Create()
    {
        var category = new Option<string>("--category")
        {
            Description = $"The hit's category ({HotListCategories.Describe()}, or amber, stolen, felony, …)",
            Required = true,
        };
        var plate = new Option<string>("--plate") { Description = "The plate read (default ABC123)", DefaultValueFactory = _ => "ABC123" };
        var state = new Option<string?>("--state") { Description = "The entry's state" };
        var match = new Option<string>("--match") { Description = "The match kind (default exact)", DefaultValueFactory = _ => "exact" };
        var wav = new Option<string?>("--wav") { Description = "Write the sound to this WAV file instead of playing it" };
        var covert = new Option<bool>("--covert") { Description = "As a covert unit (no sound, no light bar) whatever Alerts:Covert says" };
        var json = new Option<bool>("--json") { Description = "Print the alert as one JSON line (default: its screen text)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log details on stderr" };
        var test = new Command("test", "Raise a test alert of a category: what a real hit of it would show, sound and say");
        foreach (Option o in new Option[] { category, plate, state, match, wav, covert, json, verbose })
        {
            test.Options.Add(o);
        }

        test.SetAction(
            (parse, ct) =>
            {
                var overrides = new Dictionary<string, string?>();
                if (parse.GetValue(covert))
                {
                    overrides["Alerts:Covert"] = "true";
                }

                return CommandRunner.RunAsync(
                    overrides,
                    parse.GetValue(verbose) ? LogLevel.Debug : null,
                    (services, token) =>
                        RunAsync(
                            services,
                            parse.GetValue(category)!,
                            parse.GetValue(plate)!,
                            parse.GetValue(state),
                            parse.GetValue(match)!,
                            parse.GetValue(wav),
                            parse.GetValue(json),
                            token
                        ),
                    ct
                );
            }
        );
        var alert = new Command("alert", "In-cab alerts");
        alert.Subcommands.Add(test);
        return alert;
    }

    private static async Task<int> RunAsync(
        IServiceProvider services,
        string categoryName,
        string plateText,
        string? state,
        string matchName,
        string? wavPath,
        bool json,
        CancellationToken cancellationToken
    )
    {
        if (!HotListCategories.TryParse(categoryName, out HotListCategory category))
        {
            await Console
                .Error.WriteLineAsync($"edge-alpr: unknown category '{categoryName}' (known: {HotListCategories.Describe()})")
                .ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        if (!MatchKinds.TryParse(matchName, out MatchKind kind))
        {
            await Console.Error.WriteLineAsync($"edge-alpr: unknown match kind '{matchName}'").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        string plate = PlateText.Normalize(plateText);
        if (plate.Length == 0)
        {
            await Console.Error.WriteLineAsync($"edge-alpr: '{plateText}' has no plate characters").ConfigureAwait(false);
            return ExitCodes.UsageOrConfiguration;
        }

        HotListPolicy hotList = services.GetRequiredService<IOptions<HotListOptions>>().Value.Policy();
        AlertPolicy policy = services.GetRequiredService<IOptions<AlertOptions>>().Value.Policy(hotList);
        var hit = new HotListHit(
            new HotListEntry
            {
                Plate = plate,
                State = state,
                Category = category,
                Source = "TEST",
                Reason = "edge-alpr alert test",
                EnteredBy = Environment.UserName,
                EnteredAt = DateTimeOffset.UtcNow,
            },
            kind,
            MatchKinds.BaseScore(kind),
            plate,
            0,
            hotList.Priority(category),
            hotList.Alerts(category)
        );
        if (!hit.Alert)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: alerts for {HotListCategories.WireName(category)} are turned off on this unit (HotList:Categories); a hit of it is recorded and forwarded without an alert"
                )
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        Alert alert = AlertComposer.Compose(hit, policy);
        if (json)
        {
            await Console.Out.WriteLineAsync(WireJson.Line(AlertRecord.From(alert))).ConfigureAwait(false);
        }
        else
        {
            foreach (string line in alert.Lines)
            {
                await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        AudioOptions audio = services.GetRequiredService<IOptions<AudioOptions>>().Value;
        ILogger logger = services.GetRequiredService<ILogger<AlertSound>>();
        await SignalOnBoardAsync(services.GetRequiredService<IOptions<GpioOptions>>().Value, alert, logger, cancellationToken).ConfigureAwait(false);
        byte[]? sound = await new AlertSound(audio, new EspeakVoice(audio, logger)).ComposeAsync(alert, cancellationToken).ConfigureAwait(false);
        if (sound is null)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: this alert makes no sound ({(policy.Covert ? "covert unit" : !audio.Enabled ? "Alerts:Audio:Enabled is off" : "a quiet match kind")}); the screen, LED{(alert.Relay ? " and light bar" : "")} alert"
                )
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (wavPath is not null)
        {
            await File.WriteAllBytesAsync(wavPath, sound, cancellationToken).ConfigureAwait(false);
            await Console
                .Error.WriteLineAsync($"edge-alpr: wrote {wavPath} ({(sound.Length - 44) / 2.0 / Wav.SampleRate:F1} s)")
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        bool played = await new AplayOutput(audio, logger).PlayAsync(sound, cancellationToken).ConfigureAwait(false);
        return played ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }

    /// <summary>On a unit with in-cab hardware, the LED, light bar and buzzer do what a real hit makes them do.</summary>
    private static async Task SignalOnBoardAsync(GpioOptions gpio, Alert alert, ILogger logger, CancellationToken cancellationToken)
    {
        if (!gpio.Enabled)
        {
            return;
        }

        try
        {
            await AlertHardware.SignalOnceAsync(gpio, alert, TimeSpan.FromSeconds(3), logger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
            when (ex is PlatformNotSupportedException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            await Console
                .Error.WriteLineAsync($"edge-alpr: GPIO: cannot drive the in-cab hardware ({ex.Message}); the alert is on screen and sound only")
                .ConfigureAwait(false);
        }
    }
}
