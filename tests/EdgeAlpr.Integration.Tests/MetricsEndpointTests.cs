using System.Text.RegularExpressions;
using EdgeAlpr.Contracts;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// The agent's <c>/metrics</c>, scraped over HTTP from the real endpoint: names, types and units as Prometheus asks
/// (checked by Debian's <c>promtool check metrics</c> too), every metric documented in docs/metrics.md, counters
/// that never go down when a camera reader starts again, and figures a unit does not have left out.
/// </summary>
public sealed partial class MetricsEndpointTests
{
    [Fact]
    public async Task Every_metric_is_typed_as_Prometheus_expects_and_documented_in_metrics_md()
    {
        await using RunningMetrics metrics = await RunningMetrics.StartAsync(HealthSamples.Full());
        Dictionary<string, string> exported = RunningMetrics.Families(await metrics.ScrapeAsync());

        Assert.All(exported, f => Assert.Equal(f.Key.EndsWith("_total", StringComparison.Ordinal) ? "counter" : "gauge", f.Value));
        Assert.All(exported.Keys, name => Assert.StartsWith("edgealpr_", name, StringComparison.Ordinal));
        // What only grows is a counter: frames, reads, deliveries.
        Assert.Equal("counter", exported["edgealpr_camera_frames_captured_total"]);
        Assert.Equal("counter", exported["edgealpr_camera_frames_dropped_total"]);
        Assert.Equal("counter", exported["edgealpr_camera_reads_total"]);
        Assert.Equal("counter", exported["edgealpr_uplink_messages_delivered_total"]);
        Assert.DoesNotContain("edgealpr_hotlist_age_hours", exported.Keys);

        // The operators' reference lists exactly what is exported, with its type.
        Dictionary<string, string> documented = DocumentedRow()
            .Matches(File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "metrics.md")))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        Assert.Equal(exported.OrderBy(f => f.Key, StringComparer.Ordinal), documented.OrderBy(f => f.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Promtool_finds_nothing_to_lint_in_the_scraped_metrics()
    {
        await using RunningMetrics metrics = await RunningMetrics.StartAsync(HealthSamples.Full());
        string text = await metrics.ScrapeAsync();
        ProcessResult lint = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], stdin: text, timeout: TimeSpan.FromSeconds(30));
        Assert.True(lint.ExitCode == 0 && lint.Stdout.Trim().Length == 0 && lint.Stderr.Trim().Length == 0, lint.Stdout + lint.Stderr);

        // The lint is live: the old gauge named like a counter's figure in hours is what it refuses.
        ProcessResult old = await ProcessRunner.RunAsync(
            "promtool",
            ["check", "metrics"],
            stdin: "# HELP edgealpr_hotlist_age_hours Age\n# TYPE edgealpr_hotlist_age_hours gauge\nedgealpr_hotlist_age_hours 1.5\n"
                + "# HELP edgealpr_reads Reads\n# TYPE edgealpr_reads counter\nedgealpr_reads 4\n",
            timeout: TimeSpan.FromSeconds(30)
        );
        Assert.NotEqual(0, old.ExitCode);
        Assert.Contains("edgealpr_hotlist_age_hours", old.Stdout + old.Stderr, StringComparison.Ordinal);
        Assert.Contains("edgealpr_reads", old.Stdout + old.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_are_in_base_units_and_the_build_is_named()
    {
        await using RunningMetrics metrics = await RunningMetrics.StartAsync(HealthSamples.Full());
        string text = await metrics.ScrapeAsync();

        BuildIdentity build = BuildIdentity.Current;
        Assert.Equal(1, RunningMetrics.Value(text, $"edgealpr_build_info{{version=\"{build.Version}\",commit=\"{build.Commit}\"}}"));
        Assert.Equal(1.5 * 3600, RunningMetrics.Value(text, "edgealpr_hotlist_age_seconds"));
        Assert.Equal(0.9, RunningMetrics.Value(text, "edgealpr_storage_quota_used_ratio")!.Value, 6);
        Assert.Equal(12.5, RunningMetrics.Value(text, "edgealpr_outbox_oldest_age_seconds"));
        Assert.Equal(0.4, RunningMetrics.Value(text, "edgealpr_gps_fix_age_seconds"));
        Assert.Equal(61.5, RunningMetrics.Value(text, "edgealpr_cpu_temperature_celsius"));
        Assert.Equal(4, RunningMetrics.Value(text, "edgealpr_reads_total"));
        Assert.Equal(3, RunningMetrics.Value(text, "edgealpr_reads_suppressed_total{reason=\"unconfirmed\"}"));
        Assert.Equal(1, RunningMetrics.Value(text, "edgealpr_storage_repaired"));
        Assert.Equal(1, RunningMetrics.Value(text, "edgealpr_storage_integrity_problem"));
        Assert.Equal(1, RunningMetrics.Value(text, "edgealpr_outbox_urgent_items"));
        Assert.Equal(130, RunningMetrics.Value(text, "edgealpr_camera_frames_captured_total{camera=\"cam1\"}"));
    }

    [Fact]
    public async Task A_camera_reader_started_again_never_takes_a_counter_down()
    {
        await using RunningMetrics metrics = await RunningMetrics.StartAsync(HealthSamples.Full(HealthSamples.Camera(frames: 100, reads: 5)));
        const string Frames = "edgealpr_camera_frames_captured_total{camera=\"cam1\"}";
        const string Reads = "edgealpr_camera_reads_total{camera=\"cam1\"}";
        Assert.Equal(100, RunningMetrics.Value(await metrics.ScrapeAsync(), Frames));

        // The reader started again: its totals begin anew at 30 frames and 1 read, all of them new.
        metrics.Health.Message = HealthSamples.Full(HealthSamples.Camera(frames: 30, reads: 1));
        string afterRestart = await metrics.ScrapeAsync();
        Assert.Equal(130, RunningMetrics.Value(afterRestart, Frames));
        Assert.Equal(6, RunningMetrics.Value(afterRestart, Reads));

        metrics.Health.Message = HealthSamples.Full(HealthSamples.Camera(frames: 50, reads: 3));
        string later = await metrics.ScrapeAsync();
        Assert.Equal(150, RunningMetrics.Value(later, Frames));
        Assert.Equal(8, RunningMetrics.Value(later, Reads));

        // The same totals scraped again add nothing.
        Assert.Equal(150, RunningMetrics.Value(await metrics.ScrapeAsync(), Frames));
    }

    [Fact]
    public async Task What_the_unit_does_not_have_is_left_out_rather_than_exported_as_zero()
    {
        await using RunningMetrics metrics = await RunningMetrics.StartAsync(HealthSamples.Bare());
        string[] optional =
        [
            "edgealpr_cpu_temperature_celsius",
            "edgealpr_gps_fix",
            "edgealpr_gps_fix_age_seconds",
            "edgealpr_hotlist_age_seconds",
            "edgealpr_storage_quota_used_ratio",
        ];
        string bare = await metrics.ScrapeAsync();
        Assert.All(optional, name => Assert.Null(RunningMetrics.Value(bare, name)));
        Assert.Equal(1, RunningMetrics.Value(bare, "edgealpr_hotlist_stale"));

        metrics.Health.Message = HealthSamples.Full();
        string full = await metrics.ScrapeAsync();
        Assert.All(optional, name => Assert.NotNull(RunningMetrics.Value(full, name)));

        // A figure that goes (the thermal zone unreadable, the GPS receiver removed) goes from the scrape too.
        metrics.Health.Message = HealthSamples.Bare();
        string again = await metrics.ScrapeAsync();
        Assert.All(optional, name => Assert.Null(RunningMetrics.Value(again, name)));
    }

    /// <summary>A row of docs/metrics.md's table: <c>| `name` | type | …</c>.</summary>
    [GeneratedRegex(@"^\| `(edgealpr_[a-z0-9_]+)` \| (counter|gauge) \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();
}
