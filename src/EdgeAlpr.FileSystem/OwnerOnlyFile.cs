namespace EdgeAlpr.FileSystem;

/// <summary>A new file only its owner can open (a secret, an evidence package, evidence opened from one); never one that exists.</summary>
public static class OwnerOnlyFile
{
    public static FileStreamOptions New(FileAccess access, FileOptions options = FileOptions.None)
    {
        var stream = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = access,
            Share = FileShare.None,
            Options = options,
        };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return stream;
    }
}
