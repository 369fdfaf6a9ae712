using System.Security.Cryptography;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.Storage;

/// <summary>
/// The database key: from the environment variable when set, else from the key file, which must
/// be readable by its owner only. The key never appears in a message, a log or <see cref="ToString"/>.
/// </summary>
public sealed class StoreKey
{
    public const int MinLength = 16;

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
        if (FromEnvironment(options) is { } fromEnvironment)
        {
            return Checked(fromEnvironment.Trim(), $"environment variable {options.KeyVariable}");
        }

        if (string.IsNullOrWhiteSpace(options.KeyFile))
        {
            throw new StoreKeyException($"no store key: set {options.KeyVariable} or Store:KeyFile");
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
        return FromEnvironment(options) is null && !string.IsNullOrWhiteSpace(options.KeyFile) && File.Exists(options.KeyFile)
            ? SecretFile.Problem(options.KeyFile, FileWhat)
            : null;
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

    private static string? FromEnvironment(StoreOptions options) =>
        !string.IsNullOrWhiteSpace(options.KeyVariable) && Environment.GetEnvironmentVariable(options.KeyVariable) is { Length: > 0 } value
            ? value
            : null;

    private static StoreKey Checked(string secret, string origin) =>
        secret.Length >= MinLength
            ? new StoreKey(secret, origin)
            : throw new StoreKeyException($"the store key from {origin} is shorter than {MinLength} characters");
}
