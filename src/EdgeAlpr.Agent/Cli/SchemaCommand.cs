using System.CommandLine;
using EdgeAlpr.Hosting.Commands;
using EdgeAlpr.Hosting.Schemas;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr schema settings|mqtt [--out FILE]</c>: the JSON Schema of the settings file and the AsyncAPI document of
/// the MQTT contract, generated from the code. The committed <c>docs/schema/edge-alpr.settings.schema.json</c> and
/// <c>docs/mqtt-asyncapi.json</c> are this command's output; a test fails when they differ from it.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var command = new Command(
            "schema",
            "Print the settings file's JSON Schema or the MQTT contract's AsyncAPI document, generated from the code"
        );
        command.Subcommands.Add(Create("settings", "The JSON Schema (draft 2020-12) of the settings file (run --config), for editors and checks"));
        command.Subcommands.Add(Create("mqtt", "The AsyncAPI 3.0 document of the MQTT topics, with a JSON Schema per payload"));
        return command;
    }

    private static Command Create(string name, string description)
    {
        string path = SchemaDocuments.All.Single(d => d.Name == name).RepositoryPath;
        var output = new Option<FileInfo?>("--out", "-o") { Description = $"Write it to FILE instead of stdout (the repository's copy: {path})" };
        var command = new Command(name, description);
        command.Options.Add(output);
        command.SetAction(
            async (parse, ct) =>
            {
                string text;
                try
                {
                    text = SchemaDocuments.Text(name);
                }
                catch (FileNotFoundException ex)
                {
                    await Console.Error.WriteLineAsync($"edge-alpr: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.UsageOrConfiguration;
                }

                if (parse.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, text, ct).ConfigureAwait(false);
                }
                else
                {
                    await Console.Out.WriteAsync(text).ConfigureAwait(false);
                    await Console.Out.FlushAsync(ct).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
        );
        return command;
    }
}
