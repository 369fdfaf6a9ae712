using System.Reflection;
using System.Text.RegularExpressions;
using EdgeAlpr.Hosting.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Hosting;

/// <summary>
/// Every settings problem of a host, from every section at once: each options class the host binds or validates is
/// built afresh through its factory, so its binder and all its validators run, and a value of the wrong type in one
/// section does not hide the problems of the others (the host's own start-up check stops at the first such value).
/// <c>edge-alpr run</c> calls it before anything is built and <c>edge-alpr config check</c> calls it instead of
/// starting, on the same host, so the two cannot disagree.
/// </summary>
public sealed partial class SettingsCheck
{
    private static readonly MethodInfo ProbeMethod = typeof(SettingsCheck).GetMethod(nameof(Probe), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly HashSet<string> Sections = new(
        SettingsSections.All.Select(s => s.Section.Split(':')[0]),
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>Top-level keys of a settings file that are not sections of the agent's options but are still right.</summary>
    private static readonly string[] OtherTopLevelKeys = ["Logging", "$schema"];

    private readonly IReadOnlyList<Type> _options;

    private SettingsCheck(IReadOnlyList<Type> options) => _options = options;

    /// <summary>The options classes of the agent's own sections that the host binds or validates.</summary>
    public IReadOnlyList<Type> Options => _options;

    /// <summary>The check of what <paramref name="services"/> register, as they are when the host is built.</summary>
    public static SettingsCheck For(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        List<Type> types =
        [
            .. services
                .Where(d =>
                    d.ServiceType.IsGenericType
                    && (
                        d.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>)
                        || d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>)
                    )
                )
                .Select(d => d.ServiceType.GetGenericArguments()[0])
                .Where(t => t.Namespace?.StartsWith("EdgeAlpr", StringComparison.Ordinal) == true)
                .Distinct()
                .OrderBy(t => SectionIndex(t)),
        ];
        return new SettingsCheck(types);
    }

    /// <summary>Every problem, in the order of the sections; empty when the settings are good.</summary>
    public IReadOnlyList<SettingsProblem> Problems(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var problems = new List<SettingsProblem>(UnknownSections(services.GetRequiredService<IConfiguration>()));
        foreach (Type type in _options)
        {
            problems.AddRange(
                (List<SettingsProblem>)ProbeMethod.MakeGenericMethod(type).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [services], null)!
            );
        }

        // Two validators of one class (its own and the permission check) can say the same thing; once is enough.
        return [.. problems.Distinct()];
    }

    /// <summary>Throws <see cref="SettingsException"/> with every problem, if there is any.</summary>
    public void ThrowIfAny(IServiceProvider services)
    {
        IReadOnlyList<SettingsProblem> problems = Problems(services);
        if (problems.Count > 0)
        {
            throw new SettingsException(problems);
        }
    }

    /// <summary>
    /// The key a validator's message is about: every message about a setting starts with it
    /// (<c>Agent:Cameras:0:Source 'x' is …</c>, <c>Store:KeyFile: …</c>, <c>Agent:StatusFile's folder …</c>); null
    /// for one about a file as a whole (the settings file others can write).
    /// </summary>
    public static string? KeyOf(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Match match = LeadingKey().Match(message);
        return match.Success && Sections.Contains(match.Groups["key"].Value.Split(':')[0]) ? match.Groups["key"].Value : null;
    }

    /// <summary>
    /// A top-level key of a settings file (appsettings.json, the <c>--config</c> file) that is no section: the host
    /// ignores it, so a misspelt <c>"Uplnk"</c> would leave the unit without its broker and no word said. Environment
    /// variables are not judged here: <c>EDGEALPR_STORE_KEY</c> and the like are read by name, not bound.
    /// </summary>
    private static IEnumerable<SettingsProblem> UnknownSections(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            yield break;
        }

        string[] known = [.. Sections.Order(StringComparer.Ordinal), .. OtherTopLevelKeys];
        foreach (FileConfigurationProvider file in root.Providers.OfType<FileConfigurationProvider>())
        {
            foreach (string key in file.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (known.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                string hint = UnknownSettings.Nearest(key, known) is { } nearest ? $": did you mean {nearest}?" : "";
                yield return new SettingsProblem(
                    key,
                    $"{key} in {file.Source.Path} is not a section of the settings{hint} (the sections are {string.Join(", ", known)})"
                );
            }
        }
    }

    private static List<SettingsProblem> Probe<T>(IServiceProvider services)
        where T : class
    {
        string section = SectionOf(typeof(T));
        try
        {
            // A fresh instance: the factory binds, configures and validates, and caches nothing.
            _ = services.GetRequiredService<IOptionsFactory<T>>().Create(Microsoft.Extensions.Options.Options.DefaultName);
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures.Select(f => new SettingsProblem(KeyOf(f), f))];
        }
        catch (InvalidOperationException ex) when (NotConverted(ex) is { } first)
        {
            return WithoutUnconvertible<T>(services, section, first);
        }
    }

    /// <summary>
    /// A value that does not convert to its type stops the binder, and so the validators: the section is bound again
    /// without each such value, so its other problems are reported too, beside one line per value that does not convert.
    /// </summary>
    private static List<SettingsProblem> WithoutUnconvertible<T>(IServiceProvider services, string section, SettingsProblem first)
        where T : class
    {
        var problems = new List<SettingsProblem> { first };
        IConfiguration configuration = services.GetRequiredService<IConfiguration>();
        Dictionary<string, string?> values = configuration
            .GetSection(section)
            .AsEnumerable()
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        values.Remove(first.Key!);
        for (int attempt = 0; attempt < 100; attempt++)
        {
            T options = Activator.CreateInstance<T>();
            try
            {
                new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section).Bind(options);
            }
            catch (InvalidOperationException ex) when (NotConverted(ex) is { } next)
            {
                problems.Add(next);
                values.Remove(next.Key!);
                continue;
            }

            foreach (IPostConfigureOptions<T> post in services.GetServices<IPostConfigureOptions<T>>())
            {
                post.PostConfigure(Microsoft.Extensions.Options.Options.DefaultName, options);
            }

            foreach (IValidateOptions<T> validator in services.GetServices<IValidateOptions<T>>())
            {
                ValidateOptionsResult result = validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
                if (result.Failed)
                {
                    problems.AddRange(result.Failures.Select(f => new SettingsProblem(KeyOf(f), f)));
                }
            }

            break;
        }

        return problems;
    }

    /// <summary>
    /// The binder's "failed to convert" as a problem that starts with its key, as every other does, and says what the
    /// setting takes (<c>Recognition:Mode: 'turbo' is not one of Single, Fast, Accuracy</c>) rather than the .NET type.
    /// </summary>
    internal static SettingsProblem? NotConverted(InvalidOperationException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (BinderKey().Match(error.Message) is not { Success: true } at)
        {
            return null;
        }

        string key = at.Groups["key"].Value;
        return new SettingsProblem(key, $"{key}: '{at.Groups["value"].Value}' is not {WhatItTakes(at.Groups["type"].Value)}");
    }

    /// <summary>What a value of the binder's target type looks like, in the words of the settings file.</summary>
    private static string WhatItTakes(string typeName)
    {
        Type? type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            not null when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "a whole number",
            not null when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            not null when type == typeof(bool) => "true or false",
            not null when type == typeof(TimeSpan) => "a time span (\"00:00:30\", \"1.00:00:00\")",
            not null when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time (\"2026-12-05T18:00:00Z\")",
            not null when type == typeof(Uri) => "a URL",
            _ => $"a value of type {typeName}",
        };
    }

    private static string SectionOf(Type type) => SettingsSections.All.FirstOrDefault(s => s.Options == type).Section ?? type.Name;

    private static int SectionIndex(Type type)
    {
        for (int i = 0; i < SettingsSections.All.Count; i++)
        {
            if (SettingsSections.All[i].Options == type)
            {
                return i;
            }
        }

        return SettingsSections.All.Count;
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z][A-Za-z0-9]*(?::[A-Za-z0-9_.\-]+)*)(?=[\s:']|$)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingKey();

    [GeneratedRegex(
        @"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'",
        RegexOptions.CultureInvariant | RegexOptions.Singleline
    )]
    private static partial Regex BinderKey();
}
