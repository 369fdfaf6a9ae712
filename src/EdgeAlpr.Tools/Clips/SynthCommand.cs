using System.CommandLine;
using System.Text.Json;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Synthesis;

namespace EdgeAlpr.Tools.Clips;

/// <summary><c>edge-alpr synth --out clip.mp4 --truth truth.json [--plates N]</c>: a synthetic traffic clip with known plates.</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Clip to write (H.264 mp4)", Required = true };
        var truth = new Option<string>("--truth")
        {
            Description = "Ground truth to write (JSON: each plate's text, style, frames and boxes)",
            Required = true,
        };
        var plates = new Option<int>("--plates") { Description = "Vehicles in the clip (default 8)", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed; the same seed gives the same clip (default 1)",
            DefaultValueFactory = _ => 1,
        };
        plates.Between(1, 1000);
        var command = new Command("synth", "Render a synthetic traffic clip with known plates, for the demo and tests without a camera");
        foreach (Option o in new Option[] { output, truth, plates, seed })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            async (parse, ct) =>
            {
                string clip = Path.GetFullPath(parse.GetValue(output)!);
                string truthPath = Path.GetFullPath(parse.GetValue(truth)!);
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(clip)!);
                    Directory.CreateDirectory(Path.GetDirectoryName(truthPath)!);
                    SyntheticTruth result = new TrafficClipRenderer().Render(clip, parse.GetValue(plates), parse.GetValue(seed), ct);
                    await File.WriteAllTextAsync(truthPath, JsonSerializer.Serialize(result, WireJson.Options), ct).ConfigureAwait(false);
                    await Console
                        .Out.WriteLineAsync(
                            WireJson.Line(
                                new
                                {
                                    clip,
                                    truth = truthPath,
                                    plates = result.Plates.Count,
                                    frames = result.Frames,
                                    fps = result.Fps,
                                }
                            )
                        )
                        .ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
                catch (Exception ex) when (ex is IOException or FileNotFoundException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConfiguration;
                }
            }
        );
        return command;
    }
}
