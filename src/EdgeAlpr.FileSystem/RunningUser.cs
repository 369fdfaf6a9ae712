namespace EdgeAlpr.FileSystem;

/// <summary>The user this process runs as (its effective uid), for judging who else could change its files.</summary>
public sealed record RunningUser(uint Id, string Name)
{
    public const uint Root = 0;

    public static RunningUser Current { get; } = new(OperatingSystem.IsWindows() ? uint.MaxValue : NativeMethods.geteuid(), Environment.UserName);

    /// <summary>Root can change every file anyway, and this user its own; any other owner could change one behind the agent's back.</summary>
    public bool Trusts(uint owner) => owner == Root || owner == Id;

    /// <summary>
    /// Why a file or folder owned by <paramref name="owner"/> is not to be trusted, with the <c>chown</c> that
    /// fixes it; null when it is (or the owner cannot be told).
    /// </summary>
    public string? OwnerProblem(string path, string what, uint? owner, string chownTo) =>
        owner is { } uid && !Trusts(uid)
            ? $"{what} {path} belongs to uid {uid.ToString(System.Globalization.CultureInfo.InvariantCulture)}, neither root nor {Name} that the agent runs as, and that user could change it; run 'chown {chownTo} {path}'"
            : null;
}
