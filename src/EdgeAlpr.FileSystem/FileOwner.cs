namespace EdgeAlpr.FileSystem;

/// <summary>The uid that owns a file or folder; .NET reports a file's mode but not its owner.</summary>
public static class FileOwner
{
    /// <summary>The owner's uid, or null where it cannot be told (not Linux, no statx in this C library, or the path cannot be reached).</summary>
    public static uint? Of(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return
                NativeMethods.statx(NativeMethods.AtFdCwd, path, 0, NativeMethods.StatxUid, out NativeMethods.StatxBuffer status) == 0
                && (status.Mask & NativeMethods.StatxUid) != 0
                ? status.Uid
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than glibc 2.28: the mode is still checked, the owner is not.
            return null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }
}
