using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeAlpr.TestKit.Contract;

/// <summary>
/// The JSON examples of a Markdown file, as the docs write them: each <c>```json</c> block is one example, or one per
/// line. The docs elide with <c>…</c>: a bare <c>…</c> value or array element, or a <c>"…":"…"</c> member, marks its
/// object or array as partial (<see cref="IsPartial"/>); <see cref="Parse"/> reads an example with its elisions marked
/// and <see cref="Clean"/> takes them out. A fragment (<c>"agent":{…}</c>) is read as the object holding it.
/// </summary>
public static partial class JsonExamples
{
    public const string Elided = "\u2026";

    private const string Placeholder = "\u0000elided";

    /// <summary>The examples of <paramref name="markdown"/>'s text, each as written.</summary>
    public static IReadOnlyList<string> In(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var examples = new List<string>();
        foreach (Match block in JsonBlock().Matches(markdown))
        {
            string body = block.Groups[1].Value.Trim();
            if (Parses(body))
            {
                examples.Add(body);
                continue;
            }

            foreach (string line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Parses(line))
                {
                    throw new InvalidDataException($"an example that is not JSON, even with its elisions marked: {line}");
                }

                examples.Add(line);
            }
        }

        return examples;
    }

    /// <summary>The example as an object, elisions marked.</summary>
    public static JsonObject Parse(string example) => JsonNode.Parse(Mark(example))!.AsObject();

    /// <summary>Whether an object of a parsed example leaves members out.</summary>
    public static bool IsPartial(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.ContainsKey(Elided) || o.Any(p => IsPlaceholder(p.Value));
    }

    public static bool IsPlaceholder(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) && s == Placeholder;

    /// <summary>The example without what the docs elide.</summary>
    public static JsonNode? Clean(JsonNode? node) =>
        node switch
        {
            JsonObject o => new JsonObject(
                o.Where(p => p.Key != Elided && !IsPlaceholder(p.Value)).Select(p => KeyValuePair.Create(p.Key, Clean(p.Value)))
            ),
            JsonArray a => new JsonArray(a.Where(i => !IsPlaceholder(i)).Select(Clean).ToArray()),
            _ => node?.DeepClone(),
        };

    /// <summary>A bare <c>…</c> (not inside a string) becomes a placeholder string, so the example parses.</summary>
    private static string Mark(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    sb.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                sb.Append(c);
            }
            else if (c.ToString() == Elided)
            {
                sb.Append('"').Append("\\u0000elided").Append('"');
            }
            else
            {
                sb.Append(c);
            }
        }

        string marked = sb.ToString().Trim();
        return marked.StartsWith('"') ? "{" + marked + "}" : marked;
    }

    private static bool Parses(string text)
    {
        try
        {
            return JsonNode.Parse(Mark(text)) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
