using System.CommandLine;
using EdgeAlpr.Agent.Cli;

var root = new RootCommand("EdgeAlpr: the edge agent for licence-plate-reader cameras");
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(RecognizeCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
