namespace EdgeAlpr.FileSystem;

/// <summary>
/// A secret systemd passed to the service (<c>LoadCredential=NAME:PATH</c> in the unit): systemd reads the file as
/// root when the service starts and hands it a private, read-only copy in <c>$CREDENTIALS_DIRECTORY/NAME</c>, so the
/// file on disk need not be readable by the service user, and the secret is in no environment (which
/// <c>/proc/PID/environ</c> and every child process, ffmpeg's too, would see). The one place the agent looks
/// there; the store key and the broker password both come through it.
/// </summary>
public static class SystemdCredentials
{
    /// <summary>The variable systemd sets to the service's credentials folder.</summary>
    public const string DirectoryVariable = "CREDENTIALS_DIRECTORY";

    /// <summary>
    /// The credential's file, when systemd passed one by this name and it is not blank; null otherwise. The unit
    /// gives each credential a blank default (<c>SetCredential=NAME:\n</c>; systemd 252 refuses an empty value) so
    /// that a unit without that secret's file still starts; blank therefore means "not given", and the next source
    /// is used.
    /// </summary>
    public static string? PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a credential name", nameof(name));
        }

        string? directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrWhiteSpace(directory))
        {
            return null;
        }

        string path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            return null;
        }

        if (new FileInfo(path).Length > SecretFile.MaxBytes)
        {
            return path; // not a default, and not a secret either: Read says so
        }

        try
        {
            return string.IsNullOrWhiteSpace(File.ReadAllText(path)) ? null : path;
        }
        catch (UnauthorizedAccessException)
        {
            return path; // Read reports it
        }
    }

    /// <summary>
    /// The credential's text (line end trimmed), or null when systemd passed none by this name;
    /// <see cref="UnauthorizedAccessException"/> naming the problem when the copy is open to others (systemd makes
    /// it 0400; one that is not was not made by systemd).
    /// </summary>
    public static string? Read(string name, string what) =>
        PathOf(name) is { } path ? SecretFile.ReadText(path, $"{what} (credential {name})") : null;

    /// <summary>How a message names where the secret came from.</summary>
    public static string Origin(string name) => $"systemd credential {name}";
}
