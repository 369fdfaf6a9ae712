namespace EdgeAlpr.Agent.Cli;

/// <summary>Who runs a command, for the records it makes: the person behind sudo, not root.</summary>
internal static class CliUser
{
    public static string Name() => Environment.GetEnvironmentVariable("SUDO_USER") is { Length: > 0 } sudo ? sudo : Environment.UserName;
}
