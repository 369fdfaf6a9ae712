using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAlpr.Contracts.Recognition;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.TestKit.Contract;

namespace EdgeAlpr.Contracts.Tests;

/// <summary>
/// Every JSON example in docs/mqtt-contract.md (and the README's <c>recognize</c> and <c>eval</c> lines)
/// deserialises into the payload type it documents and serialises back with the same property names in the
/// same order, at every level. The docs elide with <c>…</c>: a bare <c>…</c> value or array element, or a
/// <c>"…":"…"</c> member, marks its object or array as partial, and there the documented names must appear
/// in the payload's order but others may come between. Values are not compared (times, for one, are
/// written in a canonical form the docs need not use).
/// </summary>
public sealed class DocumentedExamplesTests
{
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
        JsonObject documented = JsonExamples.Parse(text);
        if (NotPayloads.Any(documented.ContainsKey))
        {
            return;
        }

        (Type type, JsonObject example) = PayloadOf(documented, text);
        object? payload = JsonSerializer.Deserialize(JsonExamples.Clean(example)!.ToJsonString(), type, WireJson.Options);
        Assert.NotNull(payload);
        JsonNode written = JsonNode.Parse(JsonSerializer.Serialize(payload, type, WireJson.Options))!;
        AssertSameNames(example, written, "$", type.Name);
    }

    [Fact]
    public void The_contract_documents_every_message_it_sends()
    {
        var types = ExamplesIn("docs/mqtt-contract.md")
            .Select(t => JsonExamples.Parse(t))
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
                bool partial = JsonExamples.IsPartial(doc);
                string[] names = doc.Where(p => p.Key != JsonExamples.Elided && !JsonExamples.IsPlaceholder(p.Value)).Select(p => p.Key).ToArray();
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
                var items = docArray.Where(i => !JsonExamples.IsPlaceholder(i)).ToList();
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

    /// <summary>The JSON examples of a Markdown file of the checkout (<see cref="JsonExamples.In"/>).</summary>
    private static IReadOnlyList<string> ExamplesIn(string file) => JsonExamples.In(RepositoryFiles.Read(file));
}
