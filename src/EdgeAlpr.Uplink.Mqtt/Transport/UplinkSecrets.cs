using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Uplink.Transport;

/// <summary>
/// The broker password: from the environment variable when set, else from the password file, which must be
/// readable by its owner only.
/// </summary>
public static class UplinkSecrets
{
    private const string PasswordWhat = "password file";

    public static string? Password(UplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (FromEnvironment(options) is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (string.IsNullOrWhiteSpace(options.PasswordFile))
        {
            return null;
        }

        try
        {
            return SecretFile.ReadText(options.PasswordFile, PasswordWhat);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new UplinkConnectException(ex.Message, ex) { NeedsAttention = true };
        }
    }

    /// <summary>
    /// Why the password file cannot be used, when it is the password in use and exists (a missing one is reported
    /// by the validator as such).
    /// </summary>
    public static string? PasswordFileProblem(UplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return FromEnvironment(options) is null && !string.IsNullOrWhiteSpace(options.PasswordFile) && File.Exists(options.PasswordFile)
            ? SecretFile.Problem(options.PasswordFile, PasswordWhat)
            : null;
    }

    private static string? FromEnvironment(UplinkOptions options) =>
        !string.IsNullOrWhiteSpace(options.PasswordVariable) && Environment.GetEnvironmentVariable(options.PasswordVariable) is { Length: > 0 } value
            ? value
            : null;
}
