namespace EdgeAlpr.FileSystem;

/// <summary>
/// A file that is not secret but is trusted: a settings file, a CA certificate, the platform's
/// public keys. Anyone may read it; nobody but its owner (root or the agent's user) may change
/// it, or the trust anchor could be swapped for one of their own.
/// </summary>
public static class TrustedFile
{
    private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Why the file cannot be trusted (missing, writable by others, owned by another user), or null when it can.</summary>
    public static string? Problem(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            return $"{what} {path} does not exist";
        }

        return OperatingSystem.IsWindows() ? null : Problem(path, what, File.GetUnixFileMode(path), FileOwner.Of(path), RunningUser.Current);
    }

    /// <summary>The rule itself: <paramref name="owner"/> null when it cannot be told (then only the mode is judged).</summary>
    public static string? Problem(string path, string what, UnixFileMode mode, uint? owner, RunningUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.OwnerProblem(path, what, owner, "root")
            ?? (
                (mode & GroupOrOthersWrite) != 0
                    ? $"{what} {path} is writable by group or others (mode {FolderPermissions.Octal(mode)}), so anyone could replace it; run 'chmod go-w {path}'"
                    : null
            );
    }
}
