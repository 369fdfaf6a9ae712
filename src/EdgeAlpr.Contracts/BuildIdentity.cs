using System.Reflection;

namespace EdgeAlpr.Contracts;

/// <summary>
/// Which build this is: the semantic version set once in <c>Directory.Build.props</c> and the git commit the SDK
/// appended to the informational version when it built from a checkout (<c>1.4.0+&lt;40 hex&gt;</c>). A build
/// from a tarball has no commit to name and says <see cref="UnknownCommit"/>. Every assembly of the solution
/// carries the same pair, so this one's is the unit's.
/// </summary>
/// <param name="Version">The semantic version, e.g. <c>1.4.0</c> (a pre-release keeps its suffix, <c>1.5.0-rc.1</c>).</param>
/// <param name="Commit">The full commit id in lower-case hex, or <see cref="UnknownCommit"/>.</param>
public sealed record BuildIdentity(string Version, string Commit)
{
    public const string UnknownCommit = "unknown";

    /// <summary>This build's identity, read from the assembly's <see cref="AssemblyInformationalVersionAttribute"/>.</summary>
    public static BuildIdentity Current { get; } =
        Parse(typeof(BuildIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    /// <summary>
    /// Reads <c>VERSION[+METADATA]</c>. The metadata is taken as the commit only when it is one (7 to 40 hex
    /// digits, as git writes them): anything else someone put there says nothing certain about the source.
    /// </summary>
    public static BuildIdentity Parse(string? informationalVersion)
    {
        if (string.IsNullOrWhiteSpace(informationalVersion))
        {
            // An assembly built without a version at all; never expected from this solution's build.
            return new BuildIdentity("0.0.0", UnknownCommit);
        }

        int plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return new BuildIdentity(informationalVersion.Trim(), UnknownCommit);
        }

        string metadata = informationalVersion[(plus + 1)..].Trim();
        bool isCommit = metadata.Length is >= 7 and <= 40 && metadata.All(char.IsAsciiHexDigit);
        return new BuildIdentity(informationalVersion[..plus].Trim(), isCommit ? metadata.ToLowerInvariant() : UnknownCommit);
    }

    /// <summary>How a person reads it: <c>1.4.0 (commit 137f01919d4864ea25ef7b1d5a5b6d64188c4e90)</c>, or <c>1.4.0 (commit unknown)</c>.</summary>
    public override string ToString() => $"{Version} (commit {Commit})";
}
