using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.Wire;
using EdgeAlpr.Contracts;
using EdgeAlpr.Contracts.Wire;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeAlpr.Uplink.Delivery;

/// <summary>
/// Turns outbox items into the contract's messages: reads with the plate crop (and the scene
/// only where the bandwidth policy says), hits with their read and both images, dispositions,
/// audit events and dissemination records. The images are the stored master bytes, checked against their SHA-256.
/// </summary>
internal sealed class OutboundBuilder(IReadStore store, IAuditLog audit, IDisseminationLog disseminations, UplinkOptions options, Topics topics)
{
    private const string Json = "application/json";

    private static readonly ReadOnlyMemory<byte> SchemaProperty = Encoding.UTF8.GetBytes(UplinkSchema.Version.ToString(CultureInfo.InvariantCulture));

    /// <summary>The item's messages, or null when its record is no longer in the store (nothing left to send).</summary>
    public Outbound? Build(OutboxItem item)
    {
        var messages = new List<MqttApplicationMessage>(2);
        object? record = item.Kind switch
        {
            OutboxKind.Read => ReadPayload(item.RefId!.Value, hit: false, messages),
            OutboxKind.Hit => HitPayload(item.RefId!.Value, messages),
            OutboxKind.Disposition => store.FindDisposition(item.RefId!.Value) is { } d ? Disposition(d) : null,
            OutboxKind.Audit => audit.FindAuditEvent(item.RefNumber!.Value) is { } a ? Audit(a) : null,
            OutboxKind.Dissemination => disseminations.FindDissemination(item.RefId!.Value) is { } d
                ? DisseminationMessage.From(d.Record, options.DeviceId)
                : null,
            _ => throw new InvalidOperationException($"unknown outbox kind {item.Kind}"),
        };
        if (record is null)
        {
            return null;
        }

        string topic = item.Kind switch
        {
            OutboxKind.Read => topics.Read,
            OutboxKind.Hit => topics.Hit,
            OutboxKind.Disposition => topics.HitDisposition,
            OutboxKind.Dissemination => topics.Dissemination,
            _ => topics.Audit,
        };
        messages.Add(JsonMessage(topic, record));
        return new Outbound(item, messages, messages.Sum(m => m.Payload.Length + m.Topic.Length));
    }

    public static MqttApplicationMessage JsonMessage(string topic, object payload, bool retain = false) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), WireJson.Options))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .WithContentType(Json)
            .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
            .WithUserProperty("schema", SchemaProperty)
            .Build();

    private HitMessage? HitPayload(Guid hitId, List<MqttApplicationMessage> messages)
    {
        if (store.FindHit(hitId) is not { } h)
        {
            return null;
        }

        return new HitMessage(
            UplinkSchema.Version,
            "hit",
            h.Id,
            h.ReadId,
            options.DeviceId,
            h.CameraId,
            h.CreatedAt,
            h.Record,
            ReadPayload(h.ReadId, hit: true, messages)
        );
    }

    private ReadMessage? ReadPayload(Guid readId, bool hit, List<MqttApplicationMessage> messages)
    {
        if (store.FindRead(readId) is not { } r)
        {
            return null;
        }

        bool sendContext = options.ContextImages switch
        {
            ContextImagePolicy.Always => true,
            ContextImagePolicy.Never => false,
            _ => hit,
        };
        var images = new List<WireImage>(r.Images.Count);
        var withheld = new List<string>();
        foreach (StoredImage image in r.Images)
        {
            if (image.Role == "context" && !sendContext)
            {
                withheld.Add(image.Role);
                continue;
            }

            images.Add(Image(r, image, messages));
        }

        return new ReadMessage(
            ReadWire.ToWire(r),
            r.State,
            r.HitIds,
            r.Class.ToString().ToLowerInvariant(),
            r.Evidence,
            images,
            withheld.Count > 0 ? withheld : null
        );
    }

    private WireImage Image(StoredRead read, StoredImage image, List<MqttApplicationMessage> messages)
    {
        var wire = new WireImage(image.Role, image.Sha256, image.Bytes, image.MediaType);
        if (read.ImagesDroppedAt is { } dropped)
        {
            return wire with { Error = $"dropped under storage quota at {dropped:O}" };
        }

        byte[] bytes;
        try
        {
            bytes = store.ReadImage(image.Sha256);
        }
        catch (Exception ex) when (ex is CorruptImageException or IOException)
        {
            // The read still goes: the platform learns which image was lost and why.
            return wire with { Error = ex.Message };
        }

        if (options.Images == ImageDelivery.Inline)
        {
            return wire with { Data = bytes };
        }

        string topic = topics.Image(image.Sha256);
        messages.Add(
            new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(bytes)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithContentType(image.MediaType)
                .WithUserProperty("read_id", Utf8(read.Id.ToString()))
                .WithUserProperty("role", Utf8(image.Role))
                .WithUserProperty("sha256", Utf8(image.Sha256))
                .Build()
        );
        return wire with { Topic = topic };
    }

    private static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private DispositionMessage Disposition(StoredDisposition d) =>
        new(
            UplinkSchema.Version,
            "hit_disposition",
            d.Id,
            d.HitId,
            options.DeviceId,
            d.Decision,
            d.Officer,
            d.VerifiedWith,
            d.Reason,
            d.Note,
            d.DecidedAt
        );

    private AuditMessage Audit(StoredAuditEvent a) =>
        new(UplinkSchema.Version, "audit", a.Id, options.DeviceId, a.At, a.Action, a.Actor, a.Subject, a.Details, a.PrevHash, a.Hash);
}
