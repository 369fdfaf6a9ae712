namespace EdgeAlpr.FileSystem;

/// <summary>
/// Where a secret that can be given three ways (the store key, the broker password) would be taken from, in the
/// agent's order, without reading it: for <c>config show</c>, which names the source and never the secret.
/// </summary>
public static class SecretSource
{
    /// <returns><c>credential</c>, <c>environment</c>, <paramref name="fileSource"/>, or null when none is given.</returns>
    /// <param name="credential">The systemd credential's name (<see cref="SystemdCredentials"/>), first.</param>
    /// <param name="variable">The environment variable, second, when set and not empty.</param>
    /// <param name="file">The file, last, when it exists.</param>
    /// <param name="fileSource">How the file is named as a source (<c>key file</c>, <c>password file</c>).</param>
    public static string? Of(string credential, string? variable, string? file, string fileSource) =>
        SystemdCredentials.PathOf(credential) is not null ? "credential"
        : !string.IsNullOrWhiteSpace(variable) && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } ? "environment"
        : !string.IsNullOrWhiteSpace(file) && File.Exists(file) ? fileSource
        : null;
}
