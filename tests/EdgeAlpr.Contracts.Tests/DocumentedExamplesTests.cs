using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeAlpr.Contracts.Recognition;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Contracts.Tests;

/// <summary>
/// Every JSON example in docs/mqtt-contract.md (and the README's <c>recognize</c> and <c>eval</c> lines)
/// deserialises into the payload type it documents and serialises back with the same property names in the
/// same order, at every level. The docs elide with <c>…</c>: a bare <c>…</c> value or array element, or a
/// <c>"…":"…"</c> member, marks its object or array as partial, and there the documented names must appear
/// in the payload's order but others may come between. Values are not compared (times, for one, are
/// written in a canonical form the docs need not use).
/// </summary>
public sealed partial class DocumentedExamplesTests
{
    private const string Elided = "\u2026";
    private const string Placeholder = "\u0000elided";

    /// <summary>Examples of things that are not contract payloads (command summaries of the host), by a member only they have.</summary>
    private static readonly string[] NotPayloads = ["plates_in_clip", "lost"];

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in new[] { "docs/mqtt-contract.md", "README.md" })
        {
            int count = ExamplesIn(file).Count;
            for (int i = 0; i < count; i++)
            {
                data.Add(file, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_round_trips_through_its_payload_type(string file, int index)
    {
        string text = ExamplesIn(file)[index];
        JsonObject documented = JsonNode.Parse(Mark(text))!.AsObject();
        if (NotPayloads.Any(documented.ContainsKey))
        {
            return;
        }

        (Type type, JsonObject example) = PayloadOf(documented, text);
        object? payload = JsonSerializer.Deserialize(Clean(example)!.ToJsonString(), type, WireJson.Options);
        Assert.NotNull(payload);
        JsonNode written = JsonNode.Parse(JsonSerializer.Serialize(payload, type, WireJson.Options))!;
        AssertSameNames(example, written, "$", type.Name);
    }

    [Fact]
    public void The_contract_documents_every_message_it_sends()
    {
        var types = ExamplesIn("docs/mqtt-contract.md")
            .Select(t => JsonNode.Parse(Mark(t))!.AsObject())
            .Where(o => !NotPayloads.Any(o.ContainsKey))
            .Select(o => PayloadOf(o, o.ToJsonString()).Type)
            .ToHashSet();
        Type[] documented =
        [
            typeof(ReadMessage),
            typeof(HitMessage),
            typeof(DispositionMessage),
            typeof(AuditMessage),
            typeof(DisseminationMessage),
            typeof(StatusMessage),
            typeof(HealthMessage),
            typeof(WireAgentHealth),
            typeof(SignedCommand),
            typeof(PlatformCommand),
            typeof(CommandResultMessage),
        ];
        Assert.Empty(documented.Except(types));
    }

    private static (Type Type, JsonObject Example) PayloadOf(JsonObject o, string text)
    {
        if (o.Count == 1 && o["agent"] is JsonObject agent)
        {
            return (typeof(WireAgentHealth), agent);
        }

        if (o.Count == 1 && o["storage"] is JsonObject storage)
        {
            return (typeof(WireStorage), storage);
        }

        Type? type = (string?)o["type"] switch
        {
            "read" => typeof(ReadMessage),
            "hit" => typeof(HitMessage),
            "hit_disposition" => typeof(DispositionMessage),
            "audit" => typeof(AuditMessage),
            "dissemination" => typeof(DisseminationMessage),
            "status" => typeof(StatusMessage),
            "health" => typeof(HealthMessage),
            "command_result" => typeof(CommandResultMessage),
            null when o.ContainsKey("signature") => typeof(SignedCommand),
            null when o.ContainsKey("issued_at") => typeof(PlatformCommand),
            null when o.ContainsKey("dataset") => typeof(EvalRecord),
            null when o.ContainsKey("file") => typeof(RecognitionRecord),
            _ => null,
        };
        return type is null
            ? throw new Xunit.Sdk.XunitException(
                $"an example of no known payload type (add it to the test, or to {nameof(NotPayloads)} if it is not a contract payload): {text}"
            )
            : (type, o);
    }

    /// <summary>Every documented name, in order; where the docs elide (partial), in order with others between.</summary>
    private static void AssertSameNames(JsonNode documented, JsonNode? written, string path, string type)
    {
        switch (documented)
        {
            case JsonObject doc:
                JsonObject actual = Assert.IsType<JsonObject>(written);
                bool partial = doc.ContainsKey(Elided) || doc.Any(p => IsPlaceholder(p.Value));
                string[] names = doc.Where(p => p.Key != Elided && !IsPlaceholder(p.Value)).Select(p => p.Key).ToArray();
                string[] writtenNames = actual.Select(p => p.Key).ToArray();
                if (partial)
                {
                    Assert.True(
                        IsSubsequence(names, writtenNames),
                        $"{type} {path}: documented [{string.Join(",", names)}] are not in the order written [{string.Join(",", writtenNames)}]"
                    );
                }
                else
                {
                    Assert.True(
                        names.SequenceEqual(writtenNames),
                        $"{type} {path}: documented [{string.Join(",", names)}] but written [{string.Join(",", writtenNames)}]"
                    );
                }

                foreach (string name in names)
                {
                    AssertSameNames(doc[name]!, actual[name], $"{path}.{name}", type);
                }

                break;
            case JsonArray docArray:
                JsonArray actualArray = Assert.IsType<JsonArray>(written);
                var items = docArray.Where(i => !IsPlaceholder(i)).ToList();
                for (int i = 0; i < items.Count && i < actualArray.Count; i++)
                {
                    if (items[i] is JsonObject or JsonArray)
                    {
                        AssertSameNames(items[i]!, actualArray[i], $"{path}[{i}]", type);
                    }
                }

                break;
        }
    }

    /// <summary>The example without what the docs elide, to deserialise.</summary>
    private static JsonNode? Clean(JsonNode? node) =>
        node switch
        {
            JsonObject o => new JsonObject(
                o.Where(p => p.Key != Elided && !IsPlaceholder(p.Value)).Select(p => KeyValuePair.Create(p.Key, Clean(p.Value)))
            ),
            JsonArray a => new JsonArray(a.Where(i => !IsPlaceholder(i)).Select(Clean).ToArray()),
            _ => node?.DeepClone(),
        };

    private static bool IsSubsequence(string[] wanted, string[] all)
    {
        int at = 0;
        foreach (string name in all)
        {
            if (at < wanted.Length && wanted[at] == name)
            {
                at++;
            }
        }

        return at == wanted.Length;
    }

    private static bool IsPlaceholder(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) && s == Placeholder;

    /// <summary>A bare <c>…</c> (not inside a string) becomes a placeholder string, so the example parses.</summary>
    private static string Mark(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
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
        // A fragment of an object ("agent":{…}) is read as the object holding it.
        return marked.StartsWith('"') ? "{" + marked + "}" : marked;
    }

    /// <summary>The JSON examples of a Markdown file: each ```json block, one example per block or one per line.</summary>
    private static List<string> ExamplesIn(string file)
    {
        var examples = new List<string>();
        foreach (Match block in JsonBlock().Matches(RepositoryFiles.Read(file)))
        {
            string body = block.Groups[1].Value.Trim();
            if (Parses(body))
            {
                examples.Add(body);
                continue;
            }

            foreach (string line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Assert.True(Parses(line), $"{file}: an example that is not JSON, even with its elisions marked: {line}");
                examples.Add(line);
            }
        }

        return examples;
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
