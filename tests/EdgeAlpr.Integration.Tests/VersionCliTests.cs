using System.ComponentModel;
using System.Text.RegularExpressions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// <c>edge-alpr --version</c> of the built executable names the version set in Directory.Build.props and the
/// commit the SDK read from git when it built (the checkout's HEAD: the tests run on what was just built).
/// </summary>
public sealed partial class VersionCliTests
{
    [Fact]
    public async Task Version_names_the_version_set_for_the_build_and_the_commit_it_was_built_from()
    {
        CliRunner.Result result = await CliRunner.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        string line = Assert.Single(result.StdoutLines);
        Match printed = Printed().Match(line);
        Assert.True(printed.Success, $"'{line}' is not 'edge-alpr VERSION (commit COMMIT)'");
        string version = VersionElement().Match(File.ReadAllText(Path.Combine(TestPaths.Root, "Directory.Build.props"))).Groups[1].Value;
        Assert.Equal(version, printed.Groups[1].Value);

        string commit = printed.Groups[2].Value;
        bool checkout = Path.Exists(Path.Combine(TestPaths.Root, ".git"));
        string? head = checkout ? await HeadAsync() : null;
        if (head is not null)
        {
            Assert.Equal(head, commit);
        }
        else if (checkout)
        {
            // A checkout, but no git program to ask: the SDK reads .git itself, so a commit is still named.
            Assert.Matches("^[0-9a-f]{40}$", commit);
        }
        else
        {
            // Built from a tarball: nothing to name, and it says so.
            Assert.Equal("unknown", commit);
        }
    }

    private static async Task<string?> HeadAsync()
    {
        try
        {
            ProcessResult git = await ProcessRunner.RunAsync("git", ["rev-parse", "HEAD"], workingDirectory: TestPaths.Root);
            return git.ExitCode == 0 ? git.Stdout.Trim() : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^edge-alpr (\S+) \(commit ([0-9a-f]{40}|unknown)\)$")]
    private static partial Regex Printed();

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
