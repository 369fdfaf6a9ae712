using System.Collections;
using System.Globalization;
using System.Reflection;
using EdgeAlpr.Contracts.Settings;
using EdgeAlpr.Core.Text;
using EdgeAlpr.Hosting.Service;
using EdgeAlpr.Storage;
using EdgeAlpr.Uplink;
using EdgeAlpr.Uplink.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace EdgeAlpr.Hosting;

/// <summary>
/// Every setting of the agent's sections as the agent would take it, and where each came from (<c>config show</c>):
/// the last configuration provider that has the key, else the options class's own default. Secrets are masked:
/// keys named like a secret (<see cref="SettingsSnapshot.IsSecret"/>), passwords inside URLs, and the store key and
/// broker password, which are not settings at all but are listed with their source.
/// </summary>
public static class EffectiveSettings
{
    public const string Secret = "(secret)";

    private const int MaxDepth = 8;

    /// <param name="configuration">The host's configuration, with its providers in order.</param>
    /// <param name="settingsFile">The <c>--config</c> file among them, if any.</param>
    public static IReadOnlyList<EffectiveSettingRecord> Of(IConfigurationRoot configuration, string? settingsFile)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? file = settingsFile is null ? null : Path.GetFullPath(settingsFile);
        var settings = new SortedDictionary<string, EffectiveSettingRecord>(StringComparer.OrdinalIgnoreCase);
        foreach ((string section, Type type) in SettingsSections.All)
        {
            // Defaults: the options class bound as the agent binds it, so a camera listed in the file shows the
            // defaults of the settings it leaves out. A value that does not bind leaves the bare defaults.
            object options = Bound(configuration.GetSection(section), type);
            foreach ((string key, string? value) in Flatten(options, section, 0))
            {
                settings[key] = new EffectiveSettingRecord(key, Shown(key, value), "default");
            }
        }

        HashSet<string> roots = [.. SettingsSections.All.Select(s => s.Section.Split(':')[0]), "Logging"];
        foreach ((string key, string? value) in configuration.AsEnumerable())
        {
            if (value is not null && roots.Contains(key.Split(':')[0], StringComparer.OrdinalIgnoreCase))
            {
                string shownKey = settings.TryGetValue(key, out EffectiveSettingRecord? known) ? known.Key : key;
                settings[key] = new EffectiveSettingRecord(shownKey, Shown(key, value), SourceOf(configuration, key, file));
            }
        }

        var store = (StoreOptions)Bound(configuration.GetSection(StoreOptions.Section), typeof(StoreOptions));
        var uplink = (UplinkOptions)Bound(configuration.GetSection(UplinkOptions.Section), typeof(UplinkOptions));
        return [.. settings.Values, Masked("Store:Key", StoreKey.Source(store)), Masked("Uplink:Password", UplinkSecrets.Source(uplink))];
    }

    /// <summary>Where the configuration's value of <paramref name="key"/> comes from: the last provider that has it.</summary>
    public static string SourceOf(IConfigurationRoot configuration, string key, string? settingsFile)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (IConfigurationProvider provider in configuration.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _))
            {
                continue;
            }

            return provider switch
            {
                JsonConfigurationProvider json when settingsFile is not null && PathOf(json) == settingsFile => "file",
                JsonConfigurationProvider => "appsettings",
                EnvironmentVariablesConfigurationProvider => "environment",
                MemoryConfigurationProvider => "command line",
                _ => provider.ToString() ?? "configuration",
            };
        }

        return "default";
    }

    private static string? PathOf(JsonConfigurationProvider json) =>
        json.Source.FileProvider?.GetFileInfo(json.Source.Path ?? string.Empty).PhysicalPath is { } path ? Path.GetFullPath(path) : null;

    private static EffectiveSettingRecord Masked(string key, string? source) => new(key, source is null ? null : Secret, source ?? "none");

    private static string? Shown(string key, string? value) =>
        value is null ? null
        : SettingsSnapshot.IsSecret(key) ? Secret
        : UrlCredentials.Hide(value);

    private static object Bound(IConfigurationSection section, Type type)
    {
        object options = Activator.CreateInstance(type)!;
        try
        {
            section.Bind(options);
            return options;
        }
        catch (InvalidOperationException)
        {
            // `config check` names the value that does not convert; here the defaults stand beside what was written.
            return Activator.CreateInstance(type)!;
        }
    }

    private static IEnumerable<(string Key, string? Value)> Flatten(object? value, string key, int depth)
    {
        if (value is null)
        {
            yield return (key, null);
            yield break;
        }

        Type type = value.GetType();
        if (IsScalar(type))
        {
            yield return (key, Text(value));
            yield break;
        }

        if (depth >= MaxDepth)
        {
            yield break;
        }

        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                foreach ((string Key, string? Value) item in Flatten(entry.Value, $"{key}:{Text(entry.Key)}", depth + 1))
                {
                    yield return item;
                }
            }

            yield break;
        }

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (object? element in items)
            {
                foreach ((string Key, string? Value) item in Flatten(element, $"{key}:{index.ToString(CultureInfo.InvariantCulture)}", depth + 1))
                {
                    yield return item;
                }

                index++;
            }

            yield break;
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsSetting))
        {
            foreach ((string Key, string? Value) item in Flatten(property.GetValue(value), $"{key}:{property.Name}", depth + 1))
            {
                yield return item;
            }
        }
    }

    /// <summary>What the binder sets (as <see cref="UnknownSettings"/> judges it): writable, or an object it fills in place.</summary>
    private static bool IsSetting(PropertyInfo property) =>
        property.GetMethod is { IsPublic: true }
        && property.GetIndexParameters().Length == 0
        && (property.CanWrite || (!property.PropertyType.IsValueType && property.PropertyType != typeof(string)));

    private static bool IsScalar(Type type) =>
        type.IsPrimitive
        || type.IsEnum
        || type == typeof(string)
        || type == typeof(decimal)
        || type == typeof(TimeSpan)
        || type == typeof(Uri)
        || type == typeof(DateTime)
        || type == typeof(DateTimeOffset)
        || type == typeof(Guid);

    private static string Text(object value) =>
        value switch
        {
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
}
