using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Keys in a settings section that no option has: the binder ignores them, so a misspelt
/// <c>Agent:Cameras:0:Sorce</c> or <c>Uplink:Brokr</c> would otherwise leave a camera without its
/// source, or the unit without its broker, and no word said. Each becomes one line of the start-up
/// errors, naming the nearest known key.
/// </summary>
public sealed record UnknownSettings(IReadOnlyList<string> Problems)
{
    /// <param name="section">The section bound to <paramref name="type"/>.</param>
    /// <param name="type">The options class.</param>
    /// <param name="boundElsewhere">Child keys of the section bound to another options class (<c>Alerts:Audio</c>).</param>
    public static UnknownSettings Find(IConfigurationSection section, Type type, IReadOnlyCollection<string>? boundElsewhere = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        var problems = new List<string>();
        Walk(section, type, boundElsewhere ?? [], problems);
        return new UnknownSettings(problems);
    }

    private static void Walk(IConfigurationSection section, Type type, IReadOnlyCollection<string> skip, List<string> problems)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (skip.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            PropertyInfo? property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !IsSetting(property))
            {
                List<string> known = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsSetting).Select(p => p.Name)];
                string? nearest = Nearest(child.Key, [.. known, .. skip]);
                string hint = nearest is null ? "" : $": did you mean {section.Path}:{nearest}?";
                problems.Add($"{child.Path} is not a setting{hint} (the settings of {section.Path} are {string.Join(", ", known)})");
                continue;
            }

            Type valueType = property.PropertyType;
            Type? element =
                !valueType.IsGenericType ? null
                : typeof(IList).IsAssignableFrom(valueType) ? valueType.GetGenericArguments()[0]
                : typeof(IDictionary).IsAssignableFrom(valueType) ? valueType.GetGenericArguments()[^1]
                : null;
            if (element is not null && IsOptionsClass(element))
            {
                // A list's items, or a dictionary's values: the keys are free, the settings of each item are not.
                foreach (IConfigurationSection item in child.GetChildren())
                {
                    Walk(item, element, [], problems);
                }
            }
            else if (IsOptionsClass(valueType))
            {
                // A nested group of settings is bound from its children: the same mistakes can hide there.
                Walk(child, valueType, [], problems);
            }
        }
    }

    /// <summary>What the binder sets: a writable property, or a get-only object or collection it fills in place.</summary>
    internal static bool IsSetting(PropertyInfo property) =>
        property.GetMethod is { IsPublic: true }
        && property.GetIndexParameters().Length == 0
        && (property.CanWrite || (!property.PropertyType.IsValueType && property.PropertyType != typeof(string)));

    /// <summary>A class of settings (not a string, a collection, a URI or another scalar the binder converts from text).</summary>
    internal static bool IsOptionsClass(Type type) =>
        type.IsClass
        && type != typeof(string)
        && type != typeof(Uri)
        && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.GetConstructor(Type.EmptyTypes) is not null;

    /// <summary>The known key a typing slip most likely meant: the fewest edits, if few enough to be a slip.</summary>
    internal static string? Nearest(string key, IReadOnlyList<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in known)
        {
            int distance = Distance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, best.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
