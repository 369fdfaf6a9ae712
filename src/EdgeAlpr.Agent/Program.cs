using System.CommandLine;
using System.CommandLine.Parsing;
using EdgeAlpr.Agent.Cli;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Tools.Clips;
using EdgeAlpr.Tools.Demo;

var root = new RootCommand("EdgeAlpr: the edge agent for licence-plate-reader cameras");
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(RecognizeCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ProcessCommand.Create());
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(HotListCommand.Create());
root.Subcommands.Add(StoreCommand.Create());
root.Subcommands.Add(UplinkCommand.Create());
root.Subcommands.Add(GpsCommand.Create());
root.Subcommands.Add(HitsCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(UsersCommand.Create());
root.Subcommands.Add(AlertCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(SchemaCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Options.OfType<VersionOption>().Single().Action = new VersionAction();

ParseResult parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Usage errors share exit code 2 with configuration errors: nothing was done.
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"edge-alpr: {error.Message}").ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync($"edge-alpr: see '{CommandPath(parse)} --help'").ConfigureAwait(false);
    return ExitCodes.UsageOrConfiguration;
}

// On SIGTERM or Ctrl-C every command's token is cancelled and it winds down by itself: the agent
// flushes its store and says offline within Agent:ShutdownTimeout (at most 10 minutes). The
// library's default of 2 s would kill it mid-flush.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(11) }).ConfigureAwait(false);

// The whole path of the command the error is in ("edge-alpr hits list"), so the hint can be typed as it is.
static string CommandPath(ParseResult parse)
{
    var names = new List<string>();
    for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
    {
        if (result is CommandResult command && command.Command is not RootCommand)
        {
            names.Insert(0, command.Command.Name);
        }
    }

    return string.Join(' ', ["edge-alpr", .. names]);
}
