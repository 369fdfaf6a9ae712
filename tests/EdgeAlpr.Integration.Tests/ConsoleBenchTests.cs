using System.Text.Json;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr bench console</c> on a small store: the console the bench composes must be the one the agent composes
/// (a use case the console gains needs its ports in the bench too), and every line it prints must be there.
/// </summary>
public sealed class ConsoleBenchTests
{
    [Fact]
    public async Task Bench_console_answers_every_kind_of_request_and_splits_the_memory_it_adds()
    {
        CliRunner.Result result = await CliRunner.RunAsync("bench", "console", "--reads", "100", "--requests", "10", "--plates", "0", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement[] lines = [.. result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(
            ["load", "reads_limit_50", "search_exact", "search_partial", "console_memory", "console"],
            lines.Select(l => l.GetProperty("bench").GetString())
        );
        Assert.All(lines[1..4], l => Assert.True(l.GetProperty("answer_bytes").GetInt64() > 0, l.ToString()));
        JsonElement memory = lines[4];
        foreach (string part in new[] { "added_anonymous_mb", "added_file_mb", "added_shared_mb", "managed_after_mb", "gc_committed_mb" })
        {
            Assert.True(memory.TryGetProperty(part, out _), $"console_memory has no {part}: {memory}");
        }
    }
}
