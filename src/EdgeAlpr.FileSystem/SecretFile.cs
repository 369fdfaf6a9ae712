namespace EdgeAlpr.FileSystem;

/// <summary>
/// Reads a secret (a key, a password, a passphrase) from a file that only its owner can open.
/// A secret in a file others could read is no longer a secret, so such a file is refused rather
/// than used; the message says how to fix it and never contains the secret itself.
/// </summary>
public static class SecretFile
{
    /// <summary>No secret this agent uses is near this size; a bigger file is the wrong file.</summary>
    public const int MaxBytes = 64 * 1024;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead
        | UnixFileMode.GroupWrite
        | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead
        | UnixFileMode.OtherWrite
        | UnixFileMode.OtherExecute;

    /// <summary>Why the file cannot hold a secret (missing, open to group or others, too big), or null when it can.</summary>
    public static string? Problem(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            return $"{what} {path} does not exist";
        }

        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOthers) != 0)
            {
                return $"{what} {path} is open to group or others (mode {FolderPermissions.Octal(mode)}); run 'chmod 600 {path}'";
            }
        }

        long length = new FileInfo(path).Length;
        return length > MaxBytes ? $"{what} {path} is {length} bytes, more than any secret ({MaxBytes}); is it the right file?" : null;
    }

    /// <summary>
    /// The file's text with its line end trimmed; <see cref="UnauthorizedAccessException"/> naming the problem
    /// when it is not a safe secret file.
    /// </summary>
    public static string ReadText(string path, string what)
    {
        if (Problem(path, what) is { } problem)
        {
            throw new UnauthorizedAccessException(problem);
        }

        return File.ReadAllText(path).TrimEnd('\r', '\n');
    }

    /// <summary>Writes a new secret file readable by its owner only; refuses to replace one.</summary>
    public static void Create(string path, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        using var stream = new FileStream(path, OwnerOnlyFile.New(FileAccess.Write));
        using var writer = new StreamWriter(stream);
        writer.Write(secret);
        writer.Write('\n');
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }
}
