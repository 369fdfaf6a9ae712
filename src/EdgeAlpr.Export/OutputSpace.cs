namespace EdgeAlpr.Export;

/// <summary>The free space of the volume a package opens onto (statvfs through <see cref="DriveInfo"/>), checked before anything is written.</summary>
internal static class OutputSpace
{
    public static void Require(string folder, long bytes, string what)
    {
        long free;
        try
        {
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ExportPackageException($"cannot tell the free space under {folder}: {ex.Message}", ex);
        }

        if (bytes > free)
        {
            throw new ExportPackageException($"opening needs {bytes} bytes for {what}, but {folder} has {free} bytes free; nothing was written");
        }
    }
}
