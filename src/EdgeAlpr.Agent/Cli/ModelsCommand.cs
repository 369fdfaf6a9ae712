using System.CommandLine;
using System.Globalization;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Models;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EdgeAlpr.Agent.Cli;

/// <summary><c>edge-alpr models fetch|list</c>.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Fetch, verify and list the plate models");
        command.Subcommands.Add(CreateFetch());
        command.Subcommands.Add(CreateList());
        return command;
    }

    /// <summary>A models subcommand: the model-source options, <c>--json</c>, and a body given the fetcher.</summary>
    private static Command Subcommand(string name, string description, string jsonDescription, Func<ModelFetcher, bool, CancellationToken, Task> body)
    {
        var json = new Option<bool>("--json") { Description = jsonDescription };
        var sources = new ModelSourceOptions();
        var command = new Command(name, description);
        command.Options.Add(json);
        sources.AddTo(command);
        command.SetAction(
            (parse, ct) =>
                CommandRunner.RunAsync(
                    sources.Overrides(parse),
                    sources.LogLevel(parse),
                    async (services, token) =>
                    {
                        await body(services.GetRequiredService<ModelFetcher>(), parse.GetValue(json), token).ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct
                )
        );
        return command;
    }

    private static Command CreateFetch() =>
        Subcommand(
            "fetch",
            "Install every model in the manifest into the models folder, from a local mirror or upstream, verifying each SHA-256",
            "Print one JSON line per file",
            async (fetcher, json, token) =>
            {
                IReadOnlyList<FetchOutcome> outcomes = await fetcher.FetchAllAsync(token).ConfigureAwait(false);
                foreach (FetchOutcome o in outcomes)
                {
                    string line = json
                        ? WireJson.Line(new FetchRecord(o.File, o.Path, o.Source.ToString().ToLowerInvariant(), o.Origin, o.Sha256, o.Bytes))
                        : string.Create(
                            CultureInfo.InvariantCulture,
                            $"{o.File}: verified, {Describe(o)} ({o.Bytes} bytes, sha256 {o.Sha256[..12]}…)"
                        );
                    await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
                }
            }
        );

    private static Command CreateList() =>
        Subcommand(
            "list",
            "List the models the agent knows and whether each is installed and verified",
            "Print one JSON line per model",
            async (fetcher, json, token) =>
            {
                var rows = new List<ModelRecord>();
                foreach (ModelEntry m in fetcher.Manifest.Models)
                {
                    string status = await StatusAsync(fetcher, m, token).ConfigureAwait(false);
                    rows.Add(new ModelRecord(m.Id, m.Role, m.File, m.Size, m.Licence, status, m.Url, m.Input, m.Output));
                }

                if (json)
                {
                    foreach (ModelRecord row in rows)
                    {
                        await Console.Out.WriteLineAsync(WireJson.Line(row)).ConfigureAwait(false);
                    }
                }
                else
                {
                    var table = new Table().Title(Markup.Escape(fetcher.ModelsDirectory)).AddColumns("id", "role", "size", "licence", "status");
                    foreach (ModelRecord r in rows)
                    {
                        table.AddRow(Markup.Escape(r.Id), r.Role, r.Size.ToString(CultureInfo.InvariantCulture), r.Licence, r.Status);
                    }

                    AnsiConsole.Write(table);
                }
            }
        );

    private static async Task<string> StatusAsync(ModelFetcher fetcher, ModelEntry model, CancellationToken cancellationToken)
    {
        foreach (ModelFile file in model.Files)
        {
            string path = Path.Combine(fetcher.ModelsDirectory, file.File);
            if (!File.Exists(path))
            {
                return "missing";
            }

            if (await ModelFetcher.HashFileAsync(path, cancellationToken).ConfigureAwait(false) != file.Sha256)
            {
                return "checksum mismatch";
            }
        }

        return "verified";
    }

    private static string Describe(FetchOutcome o) =>
        o.Source switch
        {
            FetchSource.Present => "already installed",
            FetchSource.Mirror => $"copied from {o.Origin}",
            FetchSource.Derived => $"derived here ({o.Origin})",
            _ => $"downloaded from {o.Origin}",
        };

    private sealed record FetchRecord(string File, string Path, string Source, string Origin, string Sha256, long Bytes);

    private sealed record ModelRecord(
        string Id,
        string Role,
        string File,
        long Size,
        string Licence,
        string Status,
        string Url,
        string Input,
        string Output
    );
}
