using System.Text.RegularExpressions;
using EdgeAlpr.Core.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// The agent's settings as the audit trail records them: every key of its own sections with its
/// value, secrets masked (they come from files and the environment, but a value that looks like
/// one is never written down), and where they were read from.
/// </summary>
public static partial class SettingsSnapshot
{
    private static readonly string[] Sections =
    [
        "Agent",
        "Store",
        "HotList",
        "Uplink",
        "Gpio",
        "Alerts",
        "Location",
        "Recognition",
        "Models",
        "Logging",
    ];

    public const string Masked = "(secret, not recorded)";

    public static IReadOnlyDictionary<string, string?> Of(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (string section in Sections)
        {
            foreach ((string key, string? value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    // A camera's rtsp://user:password@… is a secret inside a setting that is not one.
                    settings[key] = IsSecret(key) ? Masked : UrlCredentials.Hide(value);
                }
            }
        }

        return settings;
    }

    /// <summary>The settings files read, in order; "environment" when there is none.</summary>
    public static string Source(IConfiguration configuration) =>
        configuration is IConfigurationRoot root
        && root.Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source.Path).OfType<string>().ToList() is { Count: > 0 } files
            ? string.Join(", ", files)
            : "environment";

    public static bool IsSecret(string key) => SecretName().IsMatch(key);

    [GeneratedRegex(@"(password|secret|passphrase|token|privatekey|:key)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
