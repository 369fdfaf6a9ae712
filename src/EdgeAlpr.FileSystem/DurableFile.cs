namespace EdgeAlpr.FileSystem;

/// <summary>
/// Replaces a file so that after a power cut it holds either the old bytes or the new ones:
/// write a temporary file beside it, fsync it, rename it over, fsync the directory.
/// </summary>
public static class DurableFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            SyncDirectory(directory);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static void Write(string path, ReadOnlyMemory<byte> bytes) => Write(path, s => s.Write(bytes.Span));

    public static void Delete(string path)
    {
        File.Delete(path);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    // A rename is durable only once the directory entry is on disk too.
    private static void SyncDirectory(string directory) => FileSync.Directory(directory);
}
