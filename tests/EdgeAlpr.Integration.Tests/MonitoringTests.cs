using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// deploy/monitoring: Debian's promtool accepts the alert rules and passes their unit tests (camera down and no
/// reads while frames flow fire for the unit that goes wrong, not for the healthy one); every rule has its
/// <c>for:</c>, severity and annotations naming the unit; the Grafana dashboard is JSON whose every query parses;
/// the rules and the dashboard name only metrics the agent's real endpoint exports.
/// </summary>
public sealed partial class MonitoringTests : IDisposable
{
    private static readonly string Folder = Path.Combine(TestPaths.Root, "deploy", "monitoring");
    private static readonly string Rules = Path.Combine(Folder, "edge-alpr-alerts.yml");
    private static readonly string Dashboard = Path.Combine(Folder, "edge-alpr-fleet.json");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        ProcessResult check = await ProcessRunner.RunAsync("promtool", "check", "rules", Rules);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("SUCCESS", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rules_unit_tests_pass_with_camera_down_and_no_reads_while_frames_flow_among_them()
    {
        string tests = await File.ReadAllTextAsync(Path.Combine(Folder, "edge-alpr-alerts.test.yml"));
        Assert.Contains("alertname: EdgeAlprCameraDown", tests, StringComparison.Ordinal);
        Assert.Contains("alertname: EdgeAlprNoReadsWhileFramesFlow", tests, StringComparison.Ordinal);
        // Each is also expected silent (exp_alerts: []) at some time, so a rule that always fires fails.
        Assert.True(Regex.Count(tests, @"exp_alerts: \[\]") >= 2);

        ProcessResult run = await ProcessRunner.RunAsync(
            "promtool",
            ["test", "rules", "edge-alpr-alerts.test.yml"],
            workingDirectory: Folder,
            timeout: TimeSpan.FromMinutes(1)
        );
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);

        // The tests are live: a camera-down rule without its wait fires too early for them.
        string hasty = (await File.ReadAllTextAsync(Rules)).Replace(
            "expr: edgealpr_camera_connected == 0\n        for: 5m",
            "expr: edgealpr_camera_connected == 0\n        for: 1m",
            StringComparison.Ordinal
        );
        await File.WriteAllTextAsync(_dir.File("edge-alpr-alerts.yml"), hasty);
        File.Copy(Path.Combine(Folder, "edge-alpr-alerts.test.yml"), _dir.File("edge-alpr-alerts.test.yml"));
        ProcessResult broken = await ProcessRunner.RunAsync(
            "promtool",
            ["test", "rules", "edge-alpr-alerts.test.yml"],
            workingDirectory: _dir.Path,
            timeout: TimeSpan.FromMinutes(1)
        );
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("EdgeAlprCameraDown", broken.Stdout + broken.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_waits_has_a_severity_and_names_the_unit()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Rules))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var rules = ((YamlSequenceNode)root["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
            .ToList();
        Assert.True(rules.Count >= 10, $"{rules.Count} rules");
        string[] wanted =
        [
            "EdgeAlprCameraDown",
            "EdgeAlprNoReadsWhileFramesFlow",
            "EdgeAlprOutboxBacklog",
            "EdgeAlprHotListStale",
            "EdgeAlprStoreDamaged",
            "EdgeAlprStoreNearQuota",
            "EdgeAlprGpsStale",
            "EdgeAlprCpuHot",
        ];
        Assert.Empty(wanted.Except(rules.Select(r => Text(r, "alert"))));
        foreach (YamlMappingNode rule in rules)
        {
            string name = Text(rule, "alert");
            Assert.True(rule.Children.ContainsKey("for"), $"{name} has no for:");
            Assert.Contains(Text((YamlMappingNode)rule["labels"], "severity"), new[] { "warning", "critical" });
            var annotations = (YamlMappingNode)rule["annotations"];
            Assert.Contains("{{ $labels.device }}", Text(annotations, "summary"), StringComparison.Ordinal);
            Assert.Contains("{{ $labels.device }}", Text(annotations, "description"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_query_of_the_dashboard_parses()
    {
        JsonNode dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Dashboard))!;
        Assert.Equal("edge-alpr-fleet", (string?)dashboard["uid"]);
        Assert.Contains(dashboard["templating"]!["list"]!.AsArray(), v => (string?)v!["name"] == "device");
        string[] queries = Queries(dashboard).ToArray();
        Assert.True(queries.Length >= 15, $"{queries.Length} queries");
        Assert.Contains(queries, q => q.StartsWith("edgealpr_build_info", StringComparison.Ordinal));

        // promtool parses PromQL in rule files: each query, its variable given a value, becomes a recording rule.
        var rules = new JsonObject
        {
            ["groups"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "dashboard",
                    ["rules"] = new JsonArray([
                        .. queries.Select(
                            (q, i) =>
                                (JsonNode)
                                    new JsonObject
                                    {
                                        ["record"] = $"dashboard:query{i}",
                                        ["expr"] = q.Replace("$device", ".*", StringComparison.Ordinal),
                                    }
                        ),
                    ]),
                }
            ),
        };
        string file = _dir.File("dashboard-queries.yml");
        await File.WriteAllTextAsync(file, rules.ToJsonString()); // JSON is YAML
        ProcessResult check = await ProcessRunner.RunAsync("promtool", "check", "rules", file);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    [Fact]
    public async Task The_rules_and_the_dashboard_name_only_metrics_the_agent_exports()
    {
        await using RunningMetrics metrics = await RunningMetrics.StartAsync(HealthSamples.Full());
        Dictionary<string, string> exported = RunningMetrics.Families(await metrics.ScrapeAsync());

        foreach (string file in new[] { Rules, Dashboard, Path.Combine(Folder, "edge-alpr-alerts.test.yml") })
        {
            string[] named = MetricName().Matches(await File.ReadAllTextAsync(file)).Select(m => m.Value).Distinct().ToArray();
            Assert.NotEmpty(named);
            Assert.True(
                named.All(exported.ContainsKey),
                $"{Path.GetFileName(file)} names what is not exported: {string.Join(", ", named.Where(n => !exported.ContainsKey(n)))}"
            );
        }
    }

    private static IEnumerable<string> Queries(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["expr"] is JsonValue expr && expr.GetValueKind() == JsonValueKind.String)
                {
                    yield return (string)expr!;
                }

                foreach (var child in o)
                {
                    foreach (string q in Queries(child.Value))
                    {
                        yield return q;
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    foreach (string q in Queries(item))
                    {
                        yield return q;
                    }
                }

                break;
        }
    }

    private static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    [GeneratedRegex("edgealpr_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
