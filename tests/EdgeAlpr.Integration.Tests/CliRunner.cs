namespace EdgeAlpr.Integration.Tests;

/// <summary>Runs the real <c>edge-alpr</c> executable, as a user would, and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string[] StdoutLines, string Stderr);

    public static Task<Result> RunAsync(params string[] args) => RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    public static async Task<Result> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "edge-alpr.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("edge-alpr.dll is not beside the tests; the Agent project reference is missing", dll);
        }

        var env = new Dictionary<string, string> { ["NO_COLOR"] = "1" };
        foreach ((string key, string value) in environment)
        {
            env[key] = value;
        }

        ProcessResult process = await ProcessRunner.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [dll, .. args],
            env,
            TestPaths.Root,
            timeout: TimeSpan.FromMinutes(3)
        );
        return new Result(process.ExitCode, process.StdoutLines, process.Stderr);
    }
}
