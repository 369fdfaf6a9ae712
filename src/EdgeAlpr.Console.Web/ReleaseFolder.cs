using EdgeAlpr.FileSystem;

namespace EdgeAlpr.WebConsole;

/// <summary>
/// Where the console writes the packages a supervisor approves: <c>releases/</c> in the console's folder (beside the
/// store), made owner-only (0700); each package is <c>release-{request id}.alprx</c>, mode 0600 (the sealer's), and is
/// taken from the unit by downloading it. The sealed file is useless without its passphrase or key.
/// </summary>
public sealed class ReleaseFolder
{
    public const string Name = "releases";

    public ReleaseFolder(ConsoleStateDirectory state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Path = System.IO.Path.Combine(state.Path, Name);
    }

    public string Path { get; }

    public static string FileName(Guid request) => $"release-{request:D}.alprx";

    /// <summary>The package file of request <paramref name="request"/>, made or not.</summary>
    public string PackageOf(Guid request)
    {
        // Made on first use, not at start: a unit whose console never approves one has no such folder.
        FolderPermissions.CreateOwnerOnly(Path);
        return System.IO.Path.Combine(Path, FileName(request));
    }

    /// <summary>The package, open for reading, or null when its file is not there.</summary>
    public Stream? Open(Guid request)
    {
        try
        {
            return new FileStream(System.IO.Path.Combine(Path, FileName(request)), FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
