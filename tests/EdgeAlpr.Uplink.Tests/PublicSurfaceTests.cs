using System.Reflection;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>No MQTTnet type in the uplink's public surface: a host composes it through its own types and the application's ports.</summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void No_MQTTnet_type_appears_in_a_public_signature()
    {
        const BindingFlags Visible =
            BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var leaks = new List<string>();
        foreach (Type type in typeof(UplinkService).Assembly.GetExportedTypes())
        {
            Check(type.BaseType, type.FullName!, leaks);
            foreach (Type i in type.GetInterfaces())
            {
                Check(i, type.FullName!, leaks);
            }

            foreach (MemberInfo member in type.GetMembers(Visible).Where(IsVisible))
            {
                string where = $"{type.FullName}.{member.Name}";
                switch (member)
                {
                    case MethodBase method:
                        Check((method as MethodInfo)?.ReturnType, where, leaks);
                        foreach (ParameterInfo p in method.GetParameters())
                        {
                            Check(p.ParameterType, where, leaks);
                        }

                        break;
                    case PropertyInfo property:
                        Check(property.PropertyType, where, leaks);
                        break;
                    case FieldInfo field:
                        Check(field.FieldType, where, leaks);
                        break;
                    case EventInfo e:
                        Check(e.EventHandlerType, where, leaks);
                        break;
                }
            }
        }

        Assert.Empty(leaks);
    }

    private static bool IsVisible(MemberInfo member) =>
        member switch
        {
            MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
            FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
            PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
            EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
            _ => false,
        };

    private static void Check(Type? type, string where, List<string> leaks)
    {
        if (type is null)
        {
            return;
        }

        if (type.HasElementType)
        {
            Check(type.GetElementType(), where, leaks);
            return;
        }

        if (type.IsGenericType)
        {
            foreach (Type argument in type.GetGenericArguments())
            {
                Check(argument, where, leaks);
            }
        }

        if (type.Assembly.GetName().Name?.StartsWith("MQTTnet", StringComparison.Ordinal) == true)
        {
            leaks.Add($"{where}: {type.FullName}");
        }
    }
}
