using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Storage;

/// <summary>
/// The database key: from the systemd credential <c>store-key</c> when the service was given one, else from the
/// environment variable when set, else from the key file, which must be readable by its owner only. The credential
/// comes first because systemd recommends it over the environment: a variable is visible in
/// <c>/proc/PID/environ</c> and inherited by every child process (ffmpeg), a credential is a private file. The key
/// never appears in a message, a log or <see cref="ToString"/>.
/// </summary>
public sealed class StoreKey
{
    public const int MinLength = 16;

    /// <summary>The name of the systemd credential that holds the key (<c>LoadCredential=store-key:…</c>).</summary>
    public const string CredentialName = "store-key";

    private const string FileWhat = "store key file";

    private StoreKey(string secret, string origin)
    {
        Secret = secret;
        Origin = origin;
    }

    /// <summary>Where the key came from ("environment variable X" or the file path), for messages.</summary>
    public string Origin { get; }

    internal string Secret { get; }

    public static StoreKey Resolve(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (FromCredential() is { } fromCredential)
        {
            return Checked(fromCredential.Trim(), SystemdCredentials.Origin(CredentialName));
        }

        if (FromEnvironment(options) is { } fromEnvironment)
        {
            return Checked(fromEnvironment.Trim(), $"environment variable {options.KeyVariable}");
        }

        if (string.IsNullOrWhiteSpace(options.KeyFile))
        {
            throw new StoreKeyException(
                $"no store key: set {options.KeyVariable} or Store:KeyFile (or give the service the credential {CredentialName})"
            );
        }

        return FromFile(options.KeyFile);
    }

    public static StoreKey FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new StoreKeyException($"store key file {path} does not exist (make one with 'edge-alpr store new-key --out {path}')");
        }

        try
        {
            return Checked(SecretFile.ReadText(path, FileWhat).Trim(), path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreKeyException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Why the configured key file is unsafe (open to others, too big), when it is the key in use:
    /// for the settings check at start. A missing file is left to <see cref="Resolve"/>, which says how to make one.
    /// </summary>
    public static string? FileProblem(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (SystemdCredentials.PathOf(CredentialName) is { } credential)
        {
            return SecretFile.Problem(credential, $"{FileWhat} (credential {CredentialName})");
        }

        return FromEnvironment(options) is null && !string.IsNullOrWhiteSpace(options.KeyFile) && File.Exists(options.KeyFile)
            ? SecretFile.Problem(options.KeyFile, FileWhat)
            : null;
    }

    /// <summary>
    /// Where <see cref="Resolve"/> would take the key from, without reading it: <c>credential</c>, <c>environment</c>,
    /// <c>key file</c>, or null when there is none (for <c>config show</c>).
    /// </summary>
    public static string? Source(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SecretSource.Of(CredentialName, options.KeyVariable, options.KeyFile, "key file");
    }

    /// <summary>A random key held in memory only: for a throw-away store (benchmarks).</summary>
    public static StoreKey Generate() => new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "a key generated for this run");

    /// <summary>Writes a new random key (256 bits, base64) readable by its owner only; refuses to replace one.</summary>
    public static void Create(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            FolderPermissions.CreateOwnerOnly(directory);
        }

        SecretFile.Create(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>
    /// The key of the hot list's fast-start copy, derived from this key (HKDF info <c>hotlist-copy</c>,
    /// docs/store.md), so the copy is authenticated by a secret the unit holds without the hot list
    /// ever seeing the store key.
    /// </summary>
    public HotListCopyKey DeriveHotListCopyKey() => HotListCopyKey.From(StoreKeys.From(this).HotListCopyKey);

    public override string ToString() => $"store key from {Origin}";

    private static string? FromCredential()
    {
        try
        {
            return SystemdCredentials.Read(CredentialName, FileWhat);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreKeyException(ex.Message, ex);
        }
    }

    private static string? FromEnvironment(StoreOptions options) =>
        !string.IsNullOrWhiteSpace(options.KeyVariable) && Environment.GetEnvironmentVariable(options.KeyVariable) is { Length: > 0 } value
            ? value
            : null;

    private static StoreKey Checked(string secret, string origin) =>
        secret.Length >= MinLength
            ? new StoreKey(secret, origin)
            : throw new StoreKeyException($"the store key from {origin} is shorter than {MinLength} characters");
}
