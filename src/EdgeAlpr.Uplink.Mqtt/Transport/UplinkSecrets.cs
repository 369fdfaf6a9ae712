using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Uplink.Transport;

/// <summary>
/// The broker password: from the systemd credential <c>mqtt-password</c> when the service was given one, else from
/// the environment variable when set, else from the password file, which must be readable by its owner only. The
/// credential comes first for the store key's reason (<c>StoreKey</c>): the environment leaks into
/// <c>/proc/PID/environ</c> and child processes, a credential does not.
/// </summary>
public static class UplinkSecrets
{
    /// <summary>The name of the systemd credential that holds the password (<c>LoadCredential=mqtt-password:…</c>).</summary>
    public const string CredentialName = "mqtt-password";

    private const string PasswordWhat = "password file";

    public static string? Password(UplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            if (SystemdCredentials.Read(CredentialName, PasswordWhat) is { } fromCredential)
            {
                return fromCredential;
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new UplinkConnectException(ex.Message, ex) { NeedsAttention = true };
        }

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
        if (SystemdCredentials.PathOf(CredentialName) is { } credential)
        {
            return SecretFile.Problem(credential, $"{PasswordWhat} (credential {CredentialName})");
        }

        return FromEnvironment(options) is null && !string.IsNullOrWhiteSpace(options.PasswordFile) && File.Exists(options.PasswordFile)
            ? SecretFile.Problem(options.PasswordFile, PasswordWhat)
            : null;
    }

    /// <summary>
    /// Where <see cref="Password"/> would take the password from, without reading it: <c>credential</c>,
    /// <c>environment</c>, <c>password file</c>, or null when there is none (for <c>config show</c>).
    /// </summary>
    public static string? Source(UplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SecretSource.Of(CredentialName, options.PasswordVariable, options.PasswordFile, "password file");
    }

    private static string? FromEnvironment(UplinkOptions options) =>
        !string.IsNullOrWhiteSpace(options.PasswordVariable) && Environment.GetEnvironmentVariable(options.PasswordVariable) is { Length: > 0 } value
            ? value
            : null;
}
