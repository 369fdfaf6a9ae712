using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeAlpr.Hosting.Schemas;

/// <summary>
/// The generated schema documents by name (<c>edge-alpr schema settings|mqtt</c>), as the committed files hold them:
/// indented by two spaces, LF line ends, a final newline, so that the same code always writes the same bytes.
/// </summary>
public static class SchemaDocuments
{
    private static readonly JsonSerializerOptions Layout = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The documents: name on the command line, file in the repository, generator.</summary>
    public static IReadOnlyList<(string Name, string RepositoryPath, Func<JsonObject> Generate)> All { get; } =
    [("settings", SettingsSchema.RepositoryPath, SettingsSchema.Generate), ("mqtt", MqttAsyncApi.RepositoryPath, MqttAsyncApi.Generate)];

    /// <summary>The text of the document named <paramref name="name"/> (<c>settings</c> or <c>mqtt</c>).</summary>
    public static string Text(string name)
    {
        foreach ((string known, _, Func<JsonObject> generate) in All)
        {
            if (known == name)
            {
                return generate().ToJsonString(Layout) + "\n";
            }
        }

        throw new ArgumentException($"no schema '{name}' (there are: {string.Join(", ", All.Select(d => d.Name))})", nameof(name));
    }
}
