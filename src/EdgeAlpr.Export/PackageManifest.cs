using System.Security.Cryptography;
using System.Text;

namespace EdgeAlpr.Export;

/// <summary>
/// <c>manifest.sha256</c>: one line per file, "hash, two spaces, path", as <c>sha256sum</c>
/// writes it, so a recipient can check the opened files with <c>sha256sum -c</c> too.
/// </summary>
internal static class PackageManifest
{
    public const string FileName = "manifest.sha256";

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static byte[] Write(IEnumerable<OpenedFile> files)
    {
        var text = new StringBuilder();
        foreach (OpenedFile f in files)
        {
            text.Append(f.Sha256).Append("  ").Append(f.Path).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static Dictionary<string, string> Read(string text)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int gap = line.IndexOf("  ", StringComparison.Ordinal);
            string hash = gap == 64 ? line[..64] : string.Empty;
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower) || !entries.TryAdd(line[(gap + 2)..], hash))
            {
                throw new ExportPackageException($"the manifest has a malformed or repeated line: '{(line.Length > 80 ? line[..80] + "…" : line)}'");
            }
        }

        return entries;
    }
}
