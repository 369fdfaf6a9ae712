using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Contracts.Settings;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting.Commands;

/// <summary>
/// <c>edge-alpr config check|show</c>: the unit's settings judged as <c>run</c> judges them, or listed with where
/// each came from, without starting a camera, opening the store, loading a model or connecting anywhere.
/// </summary>
public static partial class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Check the unit's settings as 'run' would, or show them with where each came from; nothing is started");
        command.Subcommands.Add(CheckCommand());
        command.Subcommands.Add(ShowCommand());
        return command;
    }

    /// <summary>
    /// Every problem <c>run</c> would refuse to start with: the agent's host is built as <c>run</c> builds it
    /// (<see cref="RunCommand.Build"/>) and judged by the same <see cref="SettingsCheck"/>; then the store key is
    /// looked up as opening the store would, without opening it.
    /// </summary>
    public static ConfigCheckRecord Check(string? settingsFile)
    {
        string? file = settingsFile is null ? null : Path.GetFullPath(settingsFile);
        var problems = new List<SettingsProblem>();
        if (file is not null && !File.Exists(file))
        {
            problems.Add(new SettingsProblem(null, $"the settings file {file} does not exist"));
            return Record(file, problems);
        }

        try
        {
            using IHost host = RunCommand.Build(file, new Dictionary<string, string?>(), null, configure: null);
            problems.AddRange(host.Services.GetRequiredService<SettingsCheck>().Problems(host.Services));
            if (!problems.Any(p => p.Key?.StartsWith(StoreOptions.Section + ":", StringComparison.OrdinalIgnoreCase) == true))
            {
                // What `run` meets next, as the store opens: no key, or a key file that is missing or too short.
                StoreOptions store = host.Services.GetRequiredService<IOptionsFactory<StoreOptions>>().Create(Options.DefaultName);
                try
                {
                    _ = StoreKey.Resolve(store);
                }
                catch (StoreKeyException ex)
                {
                    problems.Add(new SettingsProblem($"{StoreOptions.Section}:KeyFile", $"{StoreOptions.Section}:KeyFile: {ex.Message}"));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            problems.Add(new SettingsProblem(null, NotJson(ex)));
        }

        return Record(file, problems);
    }

    /// <summary>Every effective setting and its source, or the reason the settings cannot be read at all.</summary>
    public static ConfigShowRecord Show(string? settingsFile)
    {
        string? file = settingsFile is null ? null : Path.GetFullPath(settingsFile);
        if (file is not null && !File.Exists(file))
        {
            throw new SettingsException($"the settings file {file} does not exist");
        }

        try
        {
            using IHost host = RunCommand.Build(file, new Dictionary<string, string?>(), null, configure: null);
            var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
            return new ConfigShowRecord(file, EffectiveSettings.Of(configuration, file));
        }
        catch (InvalidDataException ex)
        {
            throw new SettingsException(NotJson(ex), ex);
        }
    }

    /// <summary>
    /// A settings file that is not JSON, with the line and column of the first fault (1-based, as editors count);
    /// the parser's own message otherwise.
    /// </summary>
    public static string NotJson(InvalidDataException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string file = FileInMessage().Match(error.Message) is { Success: true } m ? m.Groups["file"].Value : "a settings file";
        // The JSON provider wraps the parser's exception in a FormatException, which the file provider wraps again.
        if (error.GetBaseException() is JsonException json && json.LineNumber is { } line)
        {
            long column = (json.BytePositionInLine ?? 0) + 1;
            string why = ParserPosition().Replace(json.Message, string.Empty).Trim();
            return $"{file} is not valid JSON: line {line + 1}, column {column}: {why}";
        }

        return $"{file} is not valid JSON: {error.GetBaseException().Message}";
    }

    private static ConfigCheckRecord Record(string? file, List<SettingsProblem> problems) =>
        new(file, problems.Count == 0, [.. problems.Select(p => new ConfigProblemRecord(p.Key, p.Message))]);

    private static Command CheckCommand()
    {
        Option<string?> config = ConfigOption();
        var json = new Option<bool>("--json") { Description = "One JSON object on stdout: file, ok, problems (key, message)" };
        var command = new Command(
            "check",
            "Judge the settings as 'run' does at start, every problem with its key; exit 2 when there is any. Starts, opens and connects nothing"
        );
        command.Options.Add(config);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            ConfigCheckRecord result = Check(SettingsFile(parse.GetValue(config)));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(WireJson.Line(result));
            }
            else
            {
                string what = result.File ?? "the settings (appsettings.json and the environment)";
                Console.Out.WriteLine(
                    result.Ok ? $"{what}: good, the agent would start with these settings"
                    : result.Problems.Count == 1 ? $"{what}: 1 problem"
                    : $"{what}: {result.Problems.Count} problems"
                );
                foreach (ConfigProblemRecord problem in result.Problems)
                {
                    Console.Out.WriteLine($"  {problem.Message}");
                }
            }

            return result.Ok ? ExitCodes.Ok : ExitCodes.UsageOrConfiguration;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        Option<string?> config = ConfigOption();
        var json = new Option<bool>("--json") { Description = "One JSON object on stdout: file, settings (key, value, source)" };
        var command = new Command(
            "show",
            "Every effective setting with where it came from (default, appsettings, file, environment, command line, credential); secrets masked"
        );
        command.Options.Add(config);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            ConfigShowRecord shown;
            try
            {
                shown = Show(SettingsFile(parse.GetValue(config)));
            }
            catch (SettingsException ex)
            {
                Console.Error.WriteLine($"edge-alpr: configuration error: {ex.Message}");
                return ExitCodes.UsageOrConfiguration;
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(WireJson.Line(shown));
                return ExitCodes.Ok;
            }

            int width = shown.Settings.Max(s => s.Key.Length);
            foreach (EffectiveSettingRecord setting in shown.Settings)
            {
                Console.Out.WriteLine($"{setting.Key.PadRight(width)} = {setting.Value ?? "(not set)"}  [{setting.Source}]");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> ConfigOption() =>
        new("--config", "-c") { Description = $"The unit's settings (JSON); default {RunCommand.DefaultConfig} when it exists, as for 'run'" };

    private static string? SettingsFile(string? given) => given ?? (File.Exists(RunCommand.DefaultConfig) ? RunCommand.DefaultConfig : null);

    [GeneratedRegex("from file '(?<file>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex FileInMessage();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?", RegexOptions.CultureInvariant)]
    private static partial Regex ParserPosition();
}
