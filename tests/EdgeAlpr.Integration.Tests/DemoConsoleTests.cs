using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeAlpr.TestKit.Demo;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr demo --console-port PORT --users FILE --linger SECONDS</c>, the real executable: the people of the
/// file sign in over HTTPS (a client pinned to the thumbprint the demo printed) and the officer sees the demo's hits;
/// a users file it cannot take, or options out of range, stop it before anything starts.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DemoConsoleTests : IDisposable
{
    private const string OfficerPassword = "patrol-lantern-4471";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_demo_console_signs_in_the_users_of_the_file_and_shows_the_officer_the_demos_hits()
    {
        string users = _dir.File("users.txt");
        await File.WriteAllTextAsync(users, $"# people\n\nofc.lee:officer:{OfficerPassword}\naud.kim:auditor:amber-quarry-5120\n");
        int port = FreePort.Next();
        await using RunningDemo demo = await RunningDemo.StartAsync(
            ["--console-port", port.ToString(CultureInfo.InvariantCulture), "--users", users, "--linger", "300", "--plates", "3", "--json"],
            TimeSpan.FromMinutes(3)
        );
        Assert.Equal(new Uri($"https://127.0.0.1:{port}/"), demo.ConsoleUrl);
        await demo.WaitForAsync(new Regex("the clip has ended; the agent and console stay up 300 s"), TimeSpan.FromMinutes(3));
        // No admin in the file: the demo made one to add the others, and says its password this once (a table row).
        Assert.Matches(new Regex(@"demo\.admin\W+admin\W+[A-Za-z0-9]{20}\W"), demo.Stderr);
        Assert.DoesNotContain(OfficerPassword, demo.Stderr, StringComparison.Ordinal);
        string hot = Regex.Match(demo.Stderr, @"; hot list: ([A-Z0-9]+)").Groups[1].Value;

        using HttpClient client = demo.Client();
        HttpResponseMessage signIn = await client.PostAsJsonAsync("/api/session", new { user = "ofc.lee", password = OfficerPassword });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        JsonObject session = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("ILDEMO000", (string)session["user"]!["agency_ori"]!);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (string)session["token"]!);
        JsonArray hits = JsonNode.Parse(await client.GetStringAsync("/api/hits"))!.AsArray();
        JsonNode hit = Assert.Single(hits)!;
        Assert.Equal(hot, (string)hit["plate"]!);
        Assert.Equal("stolen_vehicle", (string)hit["category"]!);

        // Ended early (SIGTERM, as Ctrl-C): the summary as after a whole run, with where the console was.
        ProcessResult stopped = await demo.StopAsync(TimeSpan.FromMinutes(1));
        Assert.True(stopped.ExitCode == 0, stopped.Stderr);
        JsonElement summary = JsonDocument.Parse(stopped.StdoutLines[^1]).RootElement;
        Assert.Equal($"https://127.0.0.1:{port}/", summary.GetProperty("console_url").GetString());
        Assert.Equal(1, summary.GetProperty("hits").GetInt32());
    }

    [Fact]
    public async Task A_users_file_the_demo_cannot_take_stops_it_naming_the_line_before_anything_starts()
    {
        string port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        foreach (
            (string content, string expected) in new[]
            {
                ("ofc.lee:officer:patrol-lantern-4471\n# fine so far\nsgt.diaz:sergeant:copper-meadow-8813\n", " line 3: 'sergeant' is not a role"),
                ("ofc.lee officer patrol-lantern-4471\n", " line 1: expected name:role:password"),
                ("\nofc.lee:officer:short\n", " line 2: "),
                ("Ofc.Lee:officer:patrol-lantern-4471\n", " line 1: "),
                ("ofc.lee:officer:patrol-lantern-4471\nofc.lee:auditor:amber-quarry-5120\n", " line 2: the user ofc.lee is listed twice"),
                ("# nobody\n", ": no users in it"),
            }
        )
        {
            string users = _dir.File("users.txt");
            await File.WriteAllTextAsync(users, content);
            CliRunner.Result result = await CliRunner.RunAsync("demo", "--console-port", port, "--users", users);
            Assert.True(result.ExitCode == 2, $"{content}: {result.ExitCode} {result.Stderr}");
            Assert.Contains($"--users {users}{expected}", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("rendering", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--console-port 0", "--console-port must be between 1 and 65535")]
    [InlineData("--console-port 65536", "--console-port must be between 1 and 65535")]
    [InlineData("--console-port 8443 --linger 86401", "--linger must be between 0 and 86400")]
    [InlineData("--users users.txt", "--users and --linger need --console-port")]
    [InlineData("--linger 60", "--users and --linger need --console-port")]
    public async Task Console_options_out_of_range_or_alone_are_refused(string arguments, string expected)
    {
        CliRunner.Result result = await CliRunner.RunAsync(["demo", .. arguments.Split(' ')]);
        Assert.True(result.ExitCode == 2, result.Stderr);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}
