using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using EdgeAlpr.Contracts;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Uplink;

namespace EdgeAlpr.Hosting.Schemas;

/// <summary>
/// The MQTT contract (docs/mqtt-contract.md) as an AsyncAPI 3.0 document: a channel per topic of <see cref="Topics"/>
/// with its levels as parameters, what the unit sends and receives, and a JSON Schema per payload exported from the
/// wire records with the wire's own serializer options (<see cref="WireJson.Options"/>). A property is required when
/// the record declares it non-nullable: nullable ones are left out when null.
/// </summary>
public static class MqttAsyncApi
{
    public const string Id = "urn:edge-alpr:schema:mqtt";

    public const string RepositoryPath = "docs/mqtt-asyncapi.json";

    /// <summary>What travels on each topic, and which way. The topic's address comes from <see cref="Topics"/>.</summary>
    private static readonly Channel[] Channels =
    [
        new("read", t => t.Read, Send: true, "read", typeof(ReadMessage), "read"),
        new("hit", t => t.Hit, Send: true, "hit", typeof(HitMessage), "hit"),
        new("hit_disposition", t => t.HitDisposition, Send: true, "hit_disposition", typeof(DispositionMessage), "hit_disposition"),
        new("audit", t => t.Audit, Send: true, "audit", typeof(AuditMessage), "audit"),
        new("dissemination", t => t.Dissemination, Send: true, "dissemination", typeof(DisseminationMessage), "dissemination"),
        new("image", t => t.Image("{sha256}"), Send: true, "image", null, null)
        {
            ContentType = "image/jpeg",
            Summary = "The raw bytes of one evidence image, when Uplink:Images is Topic; published before the record that names it.",
        },
        new("status", t => t.Status, Send: true, "status", typeof(StatusMessage), "status") { Retained = true },
        new("health", t => t.Health, Send: true, "health", typeof(HealthMessage), "health"),
        new("cmd_result", t => t.CommandResult, Send: true, "command_result", typeof(CommandResultMessage), "command_result"),
        new("hotlist_full", t => t.HotListFull, Send: false, "hotlist_full", null, null)
        {
            ContentType = "application/octet-stream",
            Summary = "A signed full hot list (docs/hotlist.md), retained, for every unit of the agency.",
            Retained = true,
        },
        new("hotlist_delta", t => t.HotListDelta, Send: false, "hotlist_delta", null, null)
        {
            ContentType = "application/octet-stream",
            Summary = "A signed hot-list delta (docs/hotlist.md), for every unit of the agency.",
        },
        new("cmd", t => t.Command, Send: false, "signed_command", typeof(SignedCommand), null),
    ];

    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["prefix"] = "Uplink:TopicPrefix.",
        ["agency"] = "Uplink:Agency, e.g. the agency's ORI.",
        ["device"] = "Uplink:DeviceId.",
        ["sha256"] = "The image's SHA-256 (hex), taken at capture.",
    };

    public static JsonObject Generate()
    {
        var docs = new XmlDocs();
        // Levels that name themselves, so each address can be written with its parameters.
        var topics = new Topics("prefix", "agency", "device");
        string defaultPrefix = new UplinkOptions().TopicPrefix;
        var channels = new JsonObject();
        var operations = new JsonObject();
        var messages = new JsonObject();
        var schemas = new JsonObject();
        foreach (Channel channel in Channels)
        {
            string address = Address(channel.Topic(topics));
            var parameters = new JsonObject();
            foreach ((string name, string description) in Parameters.Where(p => address.Contains("{" + p.Key + "}", StringComparison.Ordinal)))
            {
                parameters[name] =
                    name == "prefix"
                        ? new JsonObject { ["description"] = description, ["default"] = defaultPrefix }
                        : new JsonObject { ["description"] = description };
            }

            channels[channel.Key] = new JsonObject
            {
                ["address"] = address,
                ["messages"] = new JsonObject { [channel.Message] = Ref($"#/components/messages/{channel.Message}") },
                ["parameters"] = parameters,
            };
            operations[(channel.Send ? "send_" : "receive_") + channel.Key] = new JsonObject
            {
                ["action"] = channel.Send ? "send" : "receive",
                ["channel"] = Ref($"#/channels/{channel.Key}"),
                ["messages"] = new JsonArray(Ref($"#/channels/{channel.Key}/messages/{channel.Message}")),
                ["bindings"] = new JsonObject
                {
                    ["mqtt"] = new JsonObject
                    {
                        ["qos"] = 1,
                        ["retain"] = channel.Retained,
                        ["bindingVersion"] = "0.2.0",
                    },
                },
            };

            var message = new JsonObject { ["name"] = channel.Message };
            string? summary = channel.Summary ?? (channel.Payload is { } t ? docs.Summary(t) : null);
            if (summary is not null)
            {
                message["summary"] = summary;
            }

            message["contentType"] = channel.ContentType;
            if (channel.Payload is { } payload)
            {
                schemas[channel.Message] = Payload(payload, docs);
                message["payload"] = Ref($"#/components/schemas/{channel.Message}");
            }
            else
            {
                message["payload"] = new JsonObject { ["type"] = "string", ["format"] = "binary" };
            }

            messages[channel.Message] = message;
        }

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["id"] = Id,
            ["info"] = new JsonObject
            {
                ["title"] = "EdgeAlpr unit and platform over MQTT 5",
                ["version"] = UplinkSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["description"] =
                    $"What an EdgeAlpr unit sends to the platform and takes from it (docs/mqtt-contract.md). The version is the contract's: every JSON payload carries \"schema\": {UplinkSchema.Version}; new fields may appear without a new version. QoS 1 throughout. Generated by 'edge-alpr schema mqtt' from the wire records; do not edit.",
                // The version status messages carry as agent_version: the uplink assembly's.
                ["x-agent-version"] = typeof(Topics).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            },
            ["defaultContentType"] = "application/json",
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = messages, ["schemas"] = schemas },
        };
    }

    /// <summary>The schema of one payload record, self-contained (no reference outside it).</summary>
    private static JsonNode Payload(Type type, XmlDocs docs)
    {
        var options = new JsonSerializerOptions(WireJson.Options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            // Only for the schema: the records' annotations say which properties may be null, and so left out.
            RespectNullableAnnotations = true,
        };
        options.MakeReadOnly();
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Annotate(context, node, docs),
        };
        JsonNode schema = options.GetJsonSchemaAsNode(type, exporter);
        if (type == typeof(SignedCommand))
        {
            // The command travels as the base64 of its JSON bytes, so that the signature covers exactly those bytes.
            JsonObject command = schema["properties"]!["command"]!.AsObject();
            command["contentEncoding"] = "base64";
            command["contentMediaType"] = "application/json";
            command["contentSchema"] = options.GetJsonSchemaAsNode(typeof(PlatformCommand), exporter);
        }

        return schema;
    }

    private static JsonNode Annotate(JsonSchemaExporterContext context, JsonNode node, XmlDocs docs)
    {
        if (node is not JsonObject schema)
        {
            // `true`: any value (an object? or a JsonObject of free details).
            return node;
        }

        JsonTypeInfo info = context.TypeInfo;
        if (info.Kind == JsonTypeInfoKind.Object && schema["properties"] is JsonObject properties)
        {
            // Required: what the record declares non-nullable; the nullable rest is left out when empty (WireJson: WhenWritingNull).
            JsonArray required = [];
            foreach (JsonPropertyInfo property in info.Properties.Where(p => p.Get is not null && !p.IsGetNullable))
            {
                required.Add(property.Name);
            }

            // This rule is the one: the exporter's own list names every constructor parameter, nullable ones too.
            if (required.Count > 0)
            {
                schema["required"] = required;
            }
            else
            {
                schema.Remove("required");
            }

            // Every envelope carries the contract's version.
            if (properties["schema"] is JsonObject version && info.Type.GetProperty("Schema")?.PropertyType == typeof(int))
            {
                version["const"] = UplinkSchema.Version;
            }

            if (Channels.FirstOrDefault(c => c.Payload == info.Type && c.TypeName is not null) is { } channel)
            {
                properties["type"]!["const"] = channel.TypeName;
            }

            schema["additionalProperties"] ??= true;
        }

        string? description = context.PropertyInfo?.AttributeProvider is PropertyInfo member ? docs.Summary(member) : null;
        if (description is null && info.Kind == JsonTypeInfoKind.Object && info.Type.Assembly == typeof(ReadMessage).Assembly)
        {
            description = docs.Summary(info.Type);
        }

        if (description is not null)
        {
            var ordered = new JsonObject { ["description"] = description };
            foreach ((string key, JsonNode? value) in schema.ToList())
            {
                schema.Remove(key);
                if (key != "description")
                {
                    ordered[key] = value;
                }
            }

            return ordered;
        }

        return schema;
    }

    /// <summary>An address with its levels as parameters: <c>prefix/agency/device/read</c> → <c>{prefix}/{agency}/{device}/read</c>.</summary>
    private static string Address(string topic)
    {
        string[] levels = topic.Split('/');
        for (int i = 0; i < levels.Length && i < 3; i++)
        {
            if (Parameters.ContainsKey(levels[i]))
            {
                levels[i] = "{" + levels[i] + "}";
            }
        }

        return string.Join('/', levels);
    }

    private static JsonObject Ref(string pointer) => new() { ["$ref"] = pointer };

    private sealed record Channel(string Key, Func<Topics, string> Topic, bool Send, string Message, Type? Payload, string? TypeName)
    {
        public string ContentType { get; init; } = "application/json";

        public string? Summary { get; init; }

        public bool Retained { get; init; }
    }
}
