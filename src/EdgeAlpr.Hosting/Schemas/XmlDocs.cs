using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace EdgeAlpr.Hosting.Schemas;

/// <summary>
/// The XML documentation the build writes beside each assembly (<c>GenerateDocumentationFile</c>), read at
/// generation time so the schemas' descriptions come from the same doc comments as the code's, one source.
/// An assembly of ours whose file is missing is an error: a schema silently without its descriptions would
/// differ from the committed one for no visible reason.
/// </summary>
public sealed class XmlDocs
{
    private readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, XElement>> _files = new();

    /// <summary>The summary of a type, as one line of plain text, or null when it has none.</summary>
    public string? Summary(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Text(Member(type.Assembly, "T:" + Name(type))?.Element("summary"));
    }

    /// <summary>
    /// The summary of a property; for a positional record's property without one, the <c>param</c> of its
    /// record that documents it.
    /// </summary>
    public string? Summary(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        Type declaring = property.DeclaringType!;
        string? own = Text(Member(declaring.Assembly, $"P:{Name(declaring)}.{property.Name}")?.Element("summary"));
        if (own is not null)
        {
            return own;
        }

        XElement? param = Member(declaring.Assembly, "T:" + Name(declaring))
            ?.Elements("param")
            .FirstOrDefault(p => (string?)p.Attribute("name") == property.Name);
        return Text(param);
    }

    private XElement? Member(Assembly assembly, string id) => Load(assembly).GetValueOrDefault(id);

    private IReadOnlyDictionary<string, XElement> Load(Assembly assembly) => _files.GetOrAdd(assembly, a =>
        {
            string name = a.GetName().Name!;
            if (!name.StartsWith("EdgeAlpr.", StringComparison.Ordinal))
            {
                // A framework type (TimeSpan, List<T>): described by the schema's own words, not its docs.
                return new Dictionary<string, XElement>();
            }

            string directory = string.IsNullOrEmpty(a.Location) ? AppContext.BaseDirectory : Path.GetDirectoryName(a.Location)!;
            string file = Path.Combine(directory, name + ".xml");
            if (!File.Exists(file))
            {
                throw new FileNotFoundException(
                    $"the XML documentation of {name} is not beside it ({file}); generate the schemas from a build of the checkout (./edge-alpr schema …)",
                    file
                );
            }

            return XDocument
                .Load(file)
                .Descendants("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => (string)m.Attribute("name")!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        });

    /// <summary>A type's name as documentation ids write it: namespace, nested types joined by '.', generic arity kept.</summary>
    private static string Name(Type type) => (type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName!.Replace('+', '.');

    /// <summary>The element's text on one line: code and references as their plain names.</summary>
    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var sb = new StringBuilder();
        Append(element, sb);
        string text = string.Join(' ', sb.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? null : text;
    }

    private static void Append(XElement element, StringBuilder sb)
    {
        foreach (XNode node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    sb.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    string? target = (string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? (string?)see.Attribute("href");
                    if (see.Nodes().Any())
                    {
                        Append(see, sb);
                    }
                    else if (target is not null)
                    {
                        sb.Append(CrefName(target));
                    }

                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    sb.Append((string?)reference.Attribute("name"));
                    break;
                case XElement inner:
                    Append(inner, sb);
                    break;
            }
        }
    }

    /// <summary><c>P:EdgeAlpr.Hosting.Service.AgentOptions.StopWhenCamerasEnd</c> → <c>StopWhenCamerasEnd</c>.</summary>
    private static string CrefName(string cref)
    {
        string name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        int parameters = name.IndexOf('(', StringComparison.Ordinal);
        if (parameters >= 0)
        {
            name = name[..parameters];
        }

        int generic = name.IndexOf('`', StringComparison.Ordinal);
        if (generic >= 0)
        {
            name = name[..generic];
        }

        return name[(name.LastIndexOf('.') + 1)..];
    }
}
