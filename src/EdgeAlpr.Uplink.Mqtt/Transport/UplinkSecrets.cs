namespace EdgeAlpr.Uplink.Transport;

/// <summary>The broker password: from the environment variable when set, else from the password file, which must be readable by its owner only.</summary>
public static class UplinkSecrets
{
    public static string? Password(UplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.PasswordVariable) && Environment.GetEnvironmentVariable(options.PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (string.IsNullOrWhiteSpace(options.PasswordFile))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(options.PasswordFile);
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
            if ((mode & others) != 0)
            {
                throw new UplinkConnectException($"password file {options.PasswordFile} is open to group or others; run 'chmod 600 {options.PasswordFile}'") { NeedsAttention = true };
            }
        }

        return File.ReadAllText(options.PasswordFile).TrimEnd('\r', '\n');
    }
}
