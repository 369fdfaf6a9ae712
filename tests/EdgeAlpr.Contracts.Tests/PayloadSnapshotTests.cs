using System.Text.Json;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Contracts.Tests;

/// <summary>
/// Every payload type, built from a fixed sample (<see cref="Samples"/>), serialises to exactly the JSON
/// committed in Expected/: a change to a name, the order or a format fails here first. If the change is
/// meant, it is a change of the wire contract: update docs/mqtt-contract.md (and the schema version if an
/// old platform could misread it), then the expected file (the test leaves what it wrote in Actual/ beside it).
/// </summary>
public sealed class PayloadSnapshotTests
{
    public static TheoryData<string> Names() => [.. Samples.All().Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Payload_serialises_to_the_committed_json(string name)
    {
        object payload = Samples.All()[name];
        string actual = JsonSerializer.Serialize(payload, payload.GetType(), WireJson.Options);
        string expectedFile = Path.Combine(AppContext.BaseDirectory, "Expected", name + ".json");
        string expected = File.Exists(expectedFile) ? File.ReadAllText(expectedFile).TrimEnd('\n') : "(no Expected/" + name + ".json)";
        if (actual != expected)
        {
            Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "Actual"));
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "Actual", name + ".json"), actual + "\n");
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_expected_file_has_a_sample()
    {
        string[] files = Directory
            .GetFiles(Path.Combine(AppContext.BaseDirectory, "Expected"), "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order()
            .ToArray();
        Assert.Equal(Samples.All().Keys.Order().ToArray(), files);
    }

    [Fact]
    public void A_payload_reads_back_as_it_was_written()
    {
        foreach ((string name, object payload) in Samples.All())
        {
            string json = JsonSerializer.Serialize(payload, payload.GetType(), WireJson.Options);
            object? back = JsonSerializer.Deserialize(json, payload.GetType(), WireJson.Options);
            Assert.True(json == JsonSerializer.Serialize(back, payload.GetType(), WireJson.Options), name);
        }
    }
}
