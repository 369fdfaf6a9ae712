namespace EdgeAlpr.Export;

/// <summary>Folders and files that only their owner can open: opened evidence is no one else's to read.</summary>
internal static class OwnerOnly
{
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static FileStreamOptions NewFile(FileAccess access, FileOptions options = FileOptions.None)
    {
        var stream = new FileStreamOptions { Mode = FileMode.CreateNew, Access = access, Share = FileShare.None, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return stream;
    }
}
