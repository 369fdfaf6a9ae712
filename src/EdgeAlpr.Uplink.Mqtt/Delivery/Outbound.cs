using EdgeAlpr.Application.Evidence;
using MQTTnet;

namespace EdgeAlpr.Uplink.Delivery;

/// <summary>One outbox item as MQTT messages (images first when they travel on their own topic, the record last) and its size.</summary>
internal sealed record Outbound(OutboxItem Item, IReadOnlyList<MqttApplicationMessage> Messages, long Bytes);
