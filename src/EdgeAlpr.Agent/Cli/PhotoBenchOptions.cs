using System.CommandLine;
using EdgeAlpr.Hosting.Commands;

namespace EdgeAlpr.Agent.Cli;

/// <summary>What every benchmark over a folder of photos takes: the folder, the passes, JSON output and the engine's settings.</summary>
internal sealed class PhotoBenchOptions
{
    public PhotoBenchOptions() => Rounds.Between(1, 100);

    public Option<string> Dataset { get; } =
        new("--dataset") { Description = "Folder of photos (NAME.jpg with NAME.txt, as for eval)", Required = true };

    public Option<int> Rounds { get; } = new("--rounds") { Description = "Passes over the photos (default 2)", DefaultValueFactory = _ => 2 };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON summary as the last stdout line instead of a table" };

    public EngineOptions Engine { get; } = new();

    /// <summary>Adds the options to the command and runs it, with the engine's settings applied, as <paramref name="run"/>.</summary>
    public void Attach(Command command, Func<IServiceProvider, ParseResult, CancellationToken, Task<int>> run)
    {
        command.Options.Add(Dataset);
        command.Options.Add(Rounds);
        command.Options.Add(Json);
        Engine.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                CommandRunner.RunAsync(Engine.Overrides(parse), Engine.Models.LogLevel(parse), (services, token) => run(services, parse, token), ct)
        );
    }
}
