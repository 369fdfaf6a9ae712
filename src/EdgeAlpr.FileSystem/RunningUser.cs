namespace EdgeAlpr.FileSystem;

/// <summary>The user this process runs as (its effective uid), for judging who else could change its files.</summary>
public sealed record RunningUser(uint Id, string Name)
{
    public const uint Root = 0;

    public static RunningUser Current { get; } = new(OperatingSystem.IsWindows() ? uint.MaxValue : NativeMethods.geteuid(), Environment.UserName);

    /// <summary>Root can change every file anyway, and this user its own; any other owner could change one behind the agent's back.</summary>
    public bool Trusts(uint owner) => owner == Root || owner == Id;
}
