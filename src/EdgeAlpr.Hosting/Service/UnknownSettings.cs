using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace EdgeAlpr.Hosting.Service;

/// <summary>
/// Keys in a settings section that no option has: the binder ignores them, so a misspelt
/// <c>Agent:Cameras:0:Sorce</c> would otherwise leave a camera without its source and no word
/// said. Each becomes one line of the start-up errors.
/// </summary>
public sealed record UnknownSettings(IReadOnlyList<string> Problems)
{
    public static UnknownSettings Find(IConfigurationSection section, Type type)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<string>();
        Walk(section, type, problems);
        return new UnknownSettings(problems);
    }

    private static void Walk(IConfigurationSection section, Type type, List<string> problems)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            PropertyInfo? property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                string known = string.Join(
                    ", ",
                    type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name)
                );
                problems.Add($"{child.Path} is not a setting (the settings of {section.Path} are {known})");
                continue;
            }

            Type? element =
                property.PropertyType.IsGenericType && typeof(IList).IsAssignableFrom(property.PropertyType)
                    ? property.PropertyType.GetGenericArguments()[0]
                    : null;
            if (element is not null && element.IsClass && element != typeof(string))
            {
                foreach (IConfigurationSection item in child.GetChildren())
                {
                    Walk(item, element, problems);
                }
            }
        }
    }
}
