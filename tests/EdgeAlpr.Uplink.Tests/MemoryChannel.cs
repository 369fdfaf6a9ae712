using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace EdgeAlpr.Uplink.Tests;

/// <summary>
/// A connection's receiving side as bytes in memory, handed out in reads of at most the given sizes in turn (as a
/// TCP stream does, in pieces of any size), for testing what sits between the socket and MQTTnet.
/// </summary>
internal sealed class MemoryChannel(byte[] incoming, int[] readSizes) : IMqttChannel
{
    private int _position;
    private int _read;

    public X509Certificate2 ClientCertificate => null!;

    public EndPoint RemoteEndPoint => new IPEndPoint(IPAddress.Loopback, 1883);

    public EndPoint LocalEndPoint => new IPEndPoint(IPAddress.Loopback, 50000);

    public bool IsSecureConnection => false;

    public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        int most = readSizes.Length == 0 ? count : Math.Max(1, readSizes[_read++ % readSizes.Length]);
        int n = Math.Min(Math.Min(count, most), incoming.Length - _position);
        incoming.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset, n));
        _position += n;
        return Task.FromResult(n);
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() { }
}
