using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EdgeAlpr.FileSystem;

/// <summary>
/// The fsync family for what <see cref="FileStream.Flush(bool)"/> does not cover: directories
/// (a new or renamed name is durable only once its directory is) and early writeback.
/// </summary>
public static class FileSync
{
    /// <summary>Makes the names in a directory durable; throws on an I/O error (a full or failing disk).</summary>
    public static void Directory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // O_RDONLY opens a directory on every Linux architecture (O_DIRECTORY differs between x64 and ARM).
        int fd = NativeMethods.open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to sync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    /// <summary>
    /// Starts writing a file's dirty pages to disk without waiting, so the fsync that follows
    /// (often on another thread, among many files) finds most of the work done.
    /// </summary>
    public static void StartWriteback(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (OperatingSystem.IsLinux())
        {
            // Advisory: a failure here shows again, and is handled, at the fsync.
            _ = NativeMethods.sync_file_range((int)handle.DangerousGetHandle(), 0, 0, NativeMethods.SyncFileRangeWrite);
        }
    }
}
