using EdgeAlpr.Uplink.Inbound;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace EdgeAlpr.Uplink.Transport;

/// <summary>
/// MQTTnet's own TCP/TLS channel and packet adapter, as its default factory makes them, with
/// <see cref="PublishSpoolingChannel"/> between the two so that large messages never enter memory whole.
/// </summary>
internal sealed class SpoolingAdapterFactory(InboundSpool spool) : IMqttClientAdapterFactory
{
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChannelOptions is not MqttClientTcpOptions || options.ProtocolVersion != MqttProtocolVersion.V500)
        {
            throw new NotSupportedException("the uplink speaks MQTT 5 over TCP (with or without TLS) only");
        }

        var channel = new PublishSpoolingChannel(new MqttTcpChannel(options), spool);
        var formatter = new MqttPacketFormatterAdapter(
            options.ProtocolVersion,
            new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax)
        );
        return new MqttChannelAdapter(channel, formatter, logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
