using System.Security.Cryptography;

namespace EdgeAlpr.Storage;

/// <summary>
/// The database key: from the environment variable when set, else from the key file, which must
/// be readable by its owner only. The key never appears in a message, a log or <see cref="ToString"/>.
/// </summary>
public sealed class StoreKey
{
    public const int MinLength = 16;

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
        if (!string.IsNullOrWhiteSpace(options.KeyVariable) && Environment.GetEnvironmentVariable(options.KeyVariable) is { Length: > 0 } fromEnvironment)
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

        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & others) != 0)
            {
                throw new StoreKeyException($"store key file {path} is open to group or others (mode {Convert.ToString((int)mode, 8)}); run 'chmod 600 {path}'");
            }
        }

        return Checked(File.ReadAllText(path).Trim(), path);
    }

    /// <summary>A random key held in memory only: for a throw-away store (benchmarks).</summary>
    public static StoreKey Generate() => new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "a key generated for this run");

    /// <summary>Writes a new random key (256 bits, base64) readable by its owner only; refuses to replace one.</summary>
    public static void Create(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(path, options);
        file.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        file.Flush();
        ((FileStream)file.BaseStream).Flush(flushToDisk: true);
    }

    public override string ToString() => $"store key from {Origin}";

    private static StoreKey Checked(string secret, string origin) => secret.Length >= MinLength
        ? new StoreKey(secret, origin)
        : throw new StoreKeyException($"the store key from {origin} is shorter than {MinLength} characters");
}
