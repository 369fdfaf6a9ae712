using System.CommandLine;
using EdgeAlpr.Contracts.Recognition;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Core.Imaging;
using EdgeAlpr.Core.Recognition;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Recognition;

namespace EdgeAlpr.Agent.Cli;

/// <summary><c>edge-alpr recognize PATH...</c>: one JSON line per image on stdout.</summary>
internal static class RecognizeCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Image files or folders of images (searched recursively)",
            Arity = ArgumentArity.OneOrMore,
        };
        var engine = new EngineOptions();
        var command = new Command("recognize", "Read the plates in photos; prints one JSON line per image");
        command.Arguments.Add(paths);
        engine.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                CommandRunner.RunAsync(
                    engine.Overrides(parse),
                    engine.Models.LogLevel(parse),
                    (services, token) => RunAsync(services, parse.GetValue(paths)!, token),
                    ct
                )
        );
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string[] paths, CancellationToken cancellationToken)
    {
        using PlateRecognitionEngine engine = await CommandRunner.CreateEngineAsync(services, cancellationToken).ConfigureAwait(false);
        int failed = 0;
        foreach ((string path, bool missing) in ImagePaths.Expand(paths))
        {
            cancellationToken.ThrowIfCancellationRequested();
            RecognitionRecord record;
            if (missing)
            {
                record = RecognitionRecord.Failed(path, "no such file or folder");
            }
            else
            {
                try
                {
                    byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                    RecognitionResult result = engine.Recognize(bytes);
                    record = RecognitionRecord.From(path, result);
                }
                catch (Exception ex) when (ex is InvalidImageException or IOException or UnauthorizedAccessException)
                {
                    record = RecognitionRecord.Failed(path, ex.Message);
                }
            }

            if (record.Error is not null)
            {
                failed++;
                await Console.Error.WriteLineAsync($"edge-alpr: {path}: {record.Error}").ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync(WireJson.Line(record)).ConfigureAwait(false);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.SomeInputsFailed;
    }
}
