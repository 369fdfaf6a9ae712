using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Hosting.Schemas;
using EdgeAlpr.TestKit.Contract;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// The generated schemas: the committed files are what the code generates (<c>edge-alpr schema settings|mqtt</c>), every
/// documented example and profile validates against them, and a settings file with a mistake does not, naming where.
/// What the agent really sends is checked against them by every test that receives its messages (MosquittoSubscriber).
/// </summary>
public sealed class SchemaTests
{
    public static TheoryData<string> Documents() => [.. SchemaDocuments.All.Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_committed_file_is_what_the_code_generates(string name)
    {
        string path = SchemaDocuments.All.Single(d => d.Name == name).RepositoryPath;
        string generated = SchemaDocuments.Text(name);
        string file = Path.Combine(TestPaths.Root, path);
        string committed = File.Exists(file) ? File.ReadAllText(file) : "";
        if (committed == generated)
        {
            return;
        }

        string[] a = committed.Split('\n');
        string[] b = generated.Split('\n');
        int line = 0;
        while (line < a.Length && line < b.Length && a[line] == b[line])
        {
            line++;
        }

        Assert.Fail(
            $"{path} is not what the code generates (first difference at line {line + 1}: committed '{(line < a.Length ? a[line].Trim() : "<end>")}', "
                + $"generated '{(line < b.Length ? b[line].Trim() : "<end>")}'); regenerate it with: ./edge-alpr schema {name} --out {path}"
        );
    }

    [Fact]
    public async Task The_command_prints_the_same_document()
    {
        CliRunner.Result result = await CliRunner.RunAsync("schema", "mqtt");
        Assert.True(result.ExitCode == 0, result.Stderr);
        // The runner gives the lines trimmed; the bytes themselves are compared through --out.
        string[] expected = SchemaDocuments.Text("mqtt").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(expected, result.StdoutLines);
    }

    [Fact]
    public async Task The_command_writes_a_file_with_out()
    {
        string file = Path.Combine(Path.GetTempPath(), $"edge-alpr-schema-{Guid.NewGuid():N}.json");
        try
        {
            CliRunner.Result result = await CliRunner.RunAsync("schema", "settings", "--out", file);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal(SchemaDocuments.Text("settings"), File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static TheoryData<int> MqttExamples() => [.. Enumerable.Range(0, JsonExamples.In(File.ReadAllText(MqttContract)).Count)];

    [Theory]
    [MemberData(nameof(MqttExamples))]
    public void A_documented_mqtt_example_validates_against_its_payload_schema(int index)
    {
        string text = JsonExamples.In(File.ReadAllText(MqttContract))[index];
        JsonObject example = JsonExamples.Parse(text);
        if (example.ContainsKey("lost"))
        {
            // The benchmark's summary line (edge-alpr bench uplink), not a message.
            return;
        }

        (JsonObject schema, JsonObject instance) = Attribute(example, text);
        Relax(instance, schema);
        using JsonDocument document = JsonDocument.Parse(JsonExamples.Clean(instance)!.ToJsonString());
        IReadOnlyList<string> problems = ContractSchemas.Check(schema, document.RootElement);
        Assert.True(
            problems.Count == 0,
            $"docs/mqtt-contract.md example {index} breaks {ContractSchemas.MqttPath}:\n{string.Join('\n', problems)}\n{text}"
        );
    }

    public static TheoryData<string> SettingsExamples()
    {
        var data = new TheoryData<string>();
        foreach (string profile in Directory.GetFiles(Path.Combine(TestPaths.Root, "deploy", "profiles"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.Root, profile));
        }

        foreach (
            string doc in Directory
                .GetFiles(Path.Combine(TestPaths.Root, "docs"), "*.md")
                .Order(StringComparer.Ordinal)
                .Append(Path.Combine(TestPaths.Root, "README.md"))
        )
        {
            IReadOnlyList<string> examples = JsonExamples.In(File.ReadAllText(doc));
            for (int i = 0; i < examples.Count; i++)
            {
                if (IsSettings(JsonExamples.Parse(examples[i])))
                {
                    data.Add($"{Path.GetRelativePath(TestPaths.Root, doc)}#{i}");
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SettingsExamples))]
    public void A_settings_example_validates_against_the_settings_schema(string where)
    {
        string text;
        if (where.Contains('#', StringComparison.Ordinal))
        {
            string[] parts = where.Split('#');
            text = JsonExamples.In(File.ReadAllText(Path.Combine(TestPaths.Root, parts[0])))[
                int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)
            ];
            JsonObject example = JsonExamples.Parse(text);
            JsonObject schema = ContractSchemas.SettingsSchema;
            Relax(example, schema);
            using JsonDocument document = JsonDocument.Parse(JsonExamples.Clean(example)!.ToJsonString());
            IReadOnlyList<string> problems = ContractSchemas.Check(schema, document.RootElement);
            Assert.True(problems.Count == 0, $"{where} breaks {ContractSchemas.SettingsPath}:\n{string.Join('\n', problems)}\n{text}");
        }
        else
        {
            text = File.ReadAllText(Path.Combine(TestPaths.Root, where));
            IReadOnlyList<string> problems = ContractSchemas.CheckSettings(text);
            Assert.True(problems.Count == 0, $"{where} breaks {ContractSchemas.SettingsPath}:\n{string.Join('\n', problems)}");
        }
    }

    [Fact]
    public void The_profiles_name_the_settings_schema_for_editors()
    {
        foreach (string profile in Directory.GetFiles(Path.Combine(TestPaths.Root, "deploy", "profiles"), "*.json"))
        {
            using JsonDocument document = JsonDocument.Parse(
                File.ReadAllText(profile),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }
            );
            string reference = document.RootElement.GetProperty("$schema").GetString()!;
            Assert.True(
                File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(profile)!, reference))),
                $"{profile}: $schema {reference} is not a file"
            );
        }
    }

    [Theory]
    [InlineData("""{"Uplink":{"Brokr":"mqtts://broker:8883"}}""", "$.Uplink.Brokr", "is not a key")]
    [InlineData("""{"Agent":{"Cameras":[{"Id":"a","Source":"/dev/video0","Fps":"fast"}]}}""", "$.Agent.Cameras[0].Fps", "")]
    [InlineData("""{"Agent":{"ShutdownTimeout":30}}""", "$.Agent.ShutdownTimeout", "")]
    [InlineData("""{"Uplink":{"Images":"Inlined"}}""", "$.Uplink.Images", "")]
    [InlineData("""{"Alerts":{"Audio":{"Enabled":"yes"}}}""", "$.Alerts.Audio.Enabled", "")]
    [InlineData("""{"Uplnk":{}}""", "$.Uplnk", "is not a key")]
    public void A_settings_mistake_fails_validation_naming_its_path(string settings, string path, string key)
    {
        IReadOnlyList<string> problems = ContractSchemas.CheckSettings(settings);
        Assert.Contains(problems, p => p.StartsWith(path + ":", StringComparison.Ordinal) && p.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_as_the_binder_takes_them_validate()
    {
        const string settings = """
            {
              "$schema": "../docs/schema/edge-alpr.settings.schema.json",
              "Logging": { "LogLevel": { "Default": "Warning", "EdgeAlpr.Uplink": "Debug" } },
              "Agent": { "MaxConcurrent": "2", "ShutdownTimeout": "00:00:45", "Cameras": [{ "Id": "a", "Source": "/dev/video0", "Fps": 7.5, "MotionGate": "false" }] },
              "Alerts": { "Covert": true, "Categories": { "stolen_vehicle": { "Level": "High", "Spoken": null } }, "Audio": { "Enabled": false } },
              "HotList": { "StaleAfter": "2.00:00:00", "EquivalentCharacters": ["0OQD", "1I"] },
              "Gpio": { "Chip": null, "BuzzerPin": 18 }
            }
            """;
        IReadOnlyList<string> problems = ContractSchemas.CheckSettings(settings);
        Assert.True(problems.Count == 0, string.Join('\n', problems));

        // And the agent takes them: what the schema lets through, the start-up checks do too.
        string file = Path.Combine(Path.GetTempPath(), $"edge-alpr-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, settings);
        try
        {
            using Microsoft.Extensions.Hosting.IHost host = EdgeAlpr.Hosting.Commands.RunCommand.Build(
                file,
                new Dictionary<string, string?>(),
                null,
                null
            );
            string[] refused = [];
            try
            {
                Microsoft
                    .Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>(
                        host.Services
                    )
                    .Validate();
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                refused = [.. ex.Failures];
            }
            catch (AggregateException ex)
            {
                refused = [.. ex.InnerExceptions.OfType<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(e => e.Failures)];
            }

            // Files and devices exist only on a unit; nothing else may be refused.
            Assert.All(refused, p =>
                Assert.True(
                    p.Contains("/etc/edge-alpr/", StringComparison.Ordinal)
                        || p.Contains("/dev/video", StringComparison.Ordinal)
                        || p.Contains("/var/lib/edge-alpr", StringComparison.Ordinal),
                    p
                )
            );
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_message_breaking_its_schema_is_named_with_its_path()
    {
        string read = File.ReadAllText(Path.Combine(TestPaths.Root, "tests/EdgeAlpr.Contracts.Tests/Expected/read_message.json"));
        Assert.Empty(ContractSchemas.CheckSent("alpr/IL0000000/unit-7/read", read)!);
        JsonObject broken = JsonNode.Parse(read)!.AsObject();
        broken["confidence"] = "high";
        broken.Remove("plate");
        IReadOnlyList<string> problems = ContractSchemas.CheckSent("alpr/IL0000000/unit-7/read", broken.ToJsonString())!;
        Assert.Contains(problems, p => p.StartsWith("$.confidence:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$:", StringComparison.Ordinal) && p.Contains("plate", StringComparison.Ordinal));
        // Topics the platform publishes on are not the unit's to check; images are not JSON.
        Assert.Null(ContractSchemas.CheckSent("alpr/IL0000000/unit-7/cmd", "{}"));
        Assert.Null(ContractSchemas.CheckSent("alpr/IL0000000/unit-7/image/66840dda", "\u00ff\u00d8"));
    }

    public static TheoryData<string> ExpectedPayloads() =>
        [
            .. new[]
            {
                "read_message",
                "read_message_routine",
                "hit_message",
                "disposition_message",
                "audit_message",
                "dissemination_message",
                "status_message",
                "health_message",
                "command_result_message",
            },
        ];

    [Theory]
    [MemberData(nameof(ExpectedPayloads))]
    public void A_committed_payload_validates(string name)
    {
        string payload = File.ReadAllText(Path.Combine(TestPaths.Root, $"tests/EdgeAlpr.Contracts.Tests/Expected/{name}.json"));
        using JsonDocument document = JsonDocument.Parse(payload);
        string type = document.RootElement.GetProperty("type").GetString()!;
        IReadOnlyList<string> problems = ContractSchemas.Check(SchemaOf(type), document.RootElement);
        Assert.True(problems.Count == 0, $"{name}: {string.Join('\n', problems)}");
    }

    private static string MqttContract => Path.Combine(TestPaths.Root, "docs", "mqtt-contract.md");

    private static bool IsSettings(JsonObject example)
    {
        JsonObject sections = ContractSchemas.SettingsSchema["properties"]!.AsObject();
        return example.Count > 0 && example.All(p => sections.ContainsKey(p.Key));
    }

    /// <summary>The payload schema a documented example is of: by its <c>type</c>, else by the members only one kind has.</summary>
    private static (JsonObject Schema, JsonObject Instance) Attribute(JsonObject example, string text)
    {
        if (example.Count == 1 && example["agent"] is JsonObject agent)
        {
            return (Property(SchemaOf("health"), "agent"), agent);
        }

        if (example.Count == 1 && example["storage"] is JsonObject storage)
        {
            return (Property(SchemaOf("health"), "storage"), storage);
        }

        if ((string?)example["type"] is { } type)
        {
            return (SchemaOf(type), example);
        }

        if (example.ContainsKey("signature"))
        {
            return (ContractSchemas.PayloadSchema("signed_command"), example);
        }

        if (example.ContainsKey("issued_at"))
        {
            // The command inside a signed command: its schema is the contentSchema of the envelope's "command".
            return (Property(ContractSchemas.PayloadSchema("signed_command"), "command")["contentSchema"]!.AsObject(), example);
        }

        throw new Xunit.Sdk.XunitException($"an example of no known payload (add it to the test, or skip it if it is not a message): {text}");
    }

    /// <summary>The payload schema whose <c>type</c> is the constant <paramref name="type"/>.</summary>
    private static JsonObject SchemaOf(string type)
    {
        JsonObject messages = ContractSchemas.MqttDocument["components"]!["messages"]!.AsObject();
        foreach ((string name, JsonNode? _) in messages)
        {
            if (
                ContractSchemas.MqttDocument["components"]!["schemas"]![name] is JsonObject schema
                && (string?)schema["properties"]?["type"]?["const"] == type
            )
            {
                return ContractSchemas.PayloadSchema(name);
            }
        }

        throw new Xunit.Sdk.XunitException($"{ContractSchemas.MqttPath} has no payload of type '{type}'");
    }

    private static JsonObject Property(JsonObject schema, string name) => schema["properties"]![name]!.AsObject();

    /// <summary>Where the docs elide members, the schema there does not require any: the rest of the example is checked.</summary>
    private static void Relax(JsonNode? example, JsonNode? schema)
    {
        switch (example)
        {
            case JsonObject o when schema is JsonObject s:
                if (JsonExamples.IsPartial(o))
                {
                    s.Remove("required");
                }

                foreach ((string name, JsonNode? value) in o)
                {
                    Relax(value, s["properties"]?[name] ?? (s["additionalProperties"] as JsonObject));
                }

                break;
            case JsonArray a when schema is JsonObject s:
                foreach (JsonNode? item in a)
                {
                    Relax(item, s["items"]);
                }

                break;
        }
    }
}
