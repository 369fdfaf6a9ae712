using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EdgeAlpr.Uplink.Inbound;
using MQTTnet.Channel;
using MQTTnet.Exceptions;

namespace EdgeAlpr.Uplink.Transport;

/// <summary>
/// Keeps large messages out of memory on the receiving side. MQTTnet reads every packet whole into a new array and
/// keeps reading while earlier messages are handled, so a flood of 150 MB messages is 150 MB of memory each, whatever
/// the unit then decides. This channel sits between MQTTnet and the TCP/TLS stream: a PUBLISH whose remaining length is
/// above <see cref="InboundSpool.Threshold"/> is taken here — its topic, packet id and properties read, its payload
/// streamed in 64 KiB chunks to <see cref="InboundSpool"/> — and MQTTnet is handed the same packet with a short token
/// in place of the payload. Every other packet passes byte for byte; writing is not touched. Reading the payload here
/// also holds back the connection: nothing more is read from the broker until it is taken or dropped.
/// </summary>
internal sealed class PublishSpoolingChannel(IMqttChannel inner, InboundSpool spool) : IMqttChannel
{
    private const int PublishType = 3;
    private const int ChunkBytes = 64 * 1024;

    private readonly byte[] _chunk = new byte[ChunkBytes];
    private readonly byte[] _fixedHeader = new byte[5];
    private byte[] _pending = [];
    private int _pendingLength;
    private int _pendingOffset;
    private long _passThrough;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);

    public void Dispose() => inner.Dispose();

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (_pendingOffset < _pendingLength)
        {
            return Serve(buffer, offset, count);
        }

        if (_passThrough > 0)
        {
            int read = await inner.ReadAsync(buffer, offset, (int)Math.Min(count, _passThrough), cancellationToken).ConfigureAwait(false);
            _passThrough -= read;
            return read;
        }

        // A packet starts: its fixed header decides whether it passes or is taken here.
        if (!await ReadExactlyAsync(_fixedHeader, 0, 1, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        int headerLength = 1;
        long remaining = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (headerLength == 5)
            {
                throw new MqttProtocolViolationException("malformed remaining length in a packet from the broker");
            }

            if (!await ReadExactlyAsync(_fixedHeader, headerLength, 1, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            byte digit = _fixedHeader[headerLength++];
            remaining |= (long)(digit & 0x7F) << shift;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        if (_fixedHeader[0] >> 4 != PublishType || remaining <= InboundSpool.Threshold)
        {
            Pending(_fixedHeader, headerLength);
            _passThrough = remaining;
        }
        else
        {
            byte[]? packet = await TakePublishAsync(_fixedHeader[0], remaining, cancellationToken).ConfigureAwait(false);
            if (packet is null)
            {
                return 0;
            }

            Pending(packet, packet.Length);
        }

        return Serve(buffer, offset, count);
    }

    // Reads the variable header, streams the payload to the spool, and returns the packet MQTTnet gets instead; null
    // when the connection closed on the way.
    private async Task<byte[]?> TakePublishAsync(byte flags, long remaining, CancellationToken cancellationToken)
    {
        int used = 0;
        if (!await ReadVariableAsync(2, remaining, used, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        int topicLength = BinaryPrimitives.ReadUInt16BigEndian(_chunk);
        used = 2;
        int packetIdLength = ((flags >> 1) & 3) > 0 ? 2 : 0;
        if (!await ReadVariableAsync(topicLength + packetIdLength, remaining, used, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        string topic = Encoding.UTF8.GetString(_chunk, 2, topicLength);
        used += topicLength + packetIdLength;
        int propertiesLength = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift == 28)
            {
                throw new MqttProtocolViolationException("malformed property length in a PUBLISH from the broker");
            }

            if (!await ReadVariableAsync(1, remaining, used, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            byte digit = _chunk[used++];
            propertiesLength |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        if (!await ReadVariableAsync(propertiesLength, remaining, used, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        used += propertiesLength;
        byte[] variableHeader = _chunk.AsSpan(0, used).ToArray();
        long left = remaining - used;
        using SpoolSink sink = spool.Begin(topic, left);
        while (left > 0)
        {
            int read = await inner.ReadAsync(_chunk, 0, (int)Math.Min(_chunk.Length, left), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            sink.Write(_chunk.AsSpan(0, read));
            left -= read;
        }

        byte[] token = sink.Finish();
        return Packet(flags, variableHeader, token);
    }

    // Reads count more bytes of the variable header into the chunk at used; the whole header must fit the chunk.
    private async Task<bool> ReadVariableAsync(int count, long remaining, int used, CancellationToken cancellationToken)
    {
        if (used + count > remaining || used + count > _chunk.Length)
        {
            throw new MqttProtocolViolationException(
                $"a PUBLISH from the broker has a topic and properties of more than {Math.Min(remaining, _chunk.Length)} bytes"
            );
        }

        return await ReadExactlyAsync(_chunk, used, count, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Packet(byte flags, byte[] variableHeader, byte[] payload)
    {
        int remaining = variableHeader.Length + payload.Length;
        var packet = new List<byte>(remaining + 5) { flags };
        do
        {
            byte digit = (byte)(remaining & 0x7F);
            remaining >>= 7;
            packet.Add(remaining > 0 ? (byte)(digit | 0x80) : digit);
        } while (remaining > 0);

        packet.AddRange(variableHeader);
        packet.AddRange(payload);
        return [.. packet];
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            int read = await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            offset += read;
            count -= read;
        }

        return true;
    }

    private void Pending(byte[] bytes, int length)
    {
        _pending = bytes;
        _pendingLength = length;
        _pendingOffset = 0;
    }

    private int Serve(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(count, _pendingLength - _pendingOffset);
        _pending.AsSpan(_pendingOffset, n).CopyTo(buffer.AsSpan(offset, n));
        _pendingOffset += n;
        return n;
    }
}
