namespace EdgeAlpr.FileSystem;

/// <summary>
/// Whether a folder the agent trusts is safe from other users on the unit: a folder another user
/// can write could have the settings or the hot list swapped, and one others can read would show
/// them the evidence. Each problem is one line that says how to fix it.
/// </summary>
public static class FolderPermissions
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private const UnixFileMode Others = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Why the folder is unsafe for its use, or null when it is safe or does not exist yet (the agent then makes it owner-only).</summary>
    public static string? Problem(string path, string what, FolderUse use)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows() || !Directory.Exists(path))
        {
            return null;
        }

        return Problem(path, what, use, File.GetUnixFileMode(path), FileOwner.Of(path), RunningUser.Current);
    }

    /// <summary>The rule itself: <paramref name="owner"/> null when it cannot be told (then only the mode is judged).</summary>
    public static string? Problem(string path, string what, FolderUse use, UnixFileMode mode, uint? owner, RunningUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.OwnerProblem(path, what, owner, use == FolderUse.Settings ? "root" : user.Name) is { } notTrusted)
        {
            return notTrusted;
        }

        if (use == FolderUse.Evidence && (mode & (Others | UnixFileMode.GroupWrite)) != 0)
        {
            return $"{what} {path} is open to others (mode {Octal(mode)}) and holds the evidence; run 'chmod 700 {path}' (750 lets the service's group read it)";
        }

        bool sharedWrite = (mode & GroupOrOthersWrite) != 0;
        bool sticky = (mode & UnixFileMode.StickyBit) != 0;
        if (sharedWrite && !(use == FolderUse.Settings && sticky))
        {
            return $"{what} {path} is writable by group or others (mode {Octal(mode)}); run 'chmod go-w {path}'";
        }

        return null;
    }

    /// <summary>
    /// Makes a folder only its owner can enter (any missing above it get the usual mode); one that
    /// exists is left as it is, for the start-up check to judge.
    /// </summary>
    public static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }

    internal static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);
}
