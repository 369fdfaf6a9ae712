using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Uplink.Commands;

namespace EdgeAlpr.Uplink.Inbound;

/// <summary>
/// Where messages too large to hold in memory go (see <see cref="Transport.PublishSpoolingChannel"/>): each is judged
/// and kept or dropped as it streams in (<see cref="SpoolSink"/>), and MQTTnet is handed a token in place of its
/// payload, which <see cref="InboundProcessor"/> exchanges for the <see cref="SpooledMessage"/> here. A token is 128
/// random bits, known only to this process: a publisher who sends a token-like payload of its own gets nothing.
/// </summary>
internal sealed class InboundSpool(IHotLists hotLists, Topics topics)
{
    /// <summary>Payloads above this (the largest command) never enter memory whole.</summary>
    public const int Threshold = CommandEnvelope.MaxBytes;

    private const int TokenHexDigits = 32;

    private readonly ConcurrentDictionary<string, SpooledMessage> _messages = new(StringComparer.Ordinal);

    private static ReadOnlySpan<byte> Prefix => "EDGEALPR-SPOOLED/1 "u8;

    /// <summary>Messages taken off the connection and not yet handled.</summary>
    public int Pending => _messages.Count;

    /// <summary>Starts taking a payload of <paramref name="length"/> bytes that arrived on <paramref name="topic"/>.</summary>
    public SpoolSink Begin(string topic, long length) =>
        new(this, topic, length, topic == topics.HotListFull || topic == topics.HotListDelta ? hotLists : null);

    /// <summary>Exchanges a token for the message it stands for (once); false for any other payload.</summary>
    public bool TryTake(ReadOnlySequence<byte> payload, [NotNullWhen(true)] out SpooledMessage? message)
    {
        message = null;
        if (payload.Length != Prefix.Length + TokenHexDigits)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Prefix.Length + TokenHexDigits];
        payload.CopyTo(bytes);
        return bytes.StartsWith(Prefix) && _messages.TryRemove(Encoding.ASCII.GetString(bytes[Prefix.Length..]), out message);
    }

    /// <summary>Drops what was taken and never handled (the session ended): the broker sends it again, unacknowledged.</summary>
    public void Clear()
    {
        foreach (string token in _messages.Keys)
        {
            if (_messages.TryRemove(token, out SpooledMessage? message))
            {
                message.Dispose();
            }
        }
    }

    internal byte[] Register(SpooledMessage message)
    {
        string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenHexDigits / 2));
        _messages[token] = message;
        return [.. Prefix, .. Encoding.ASCII.GetBytes(token)];
    }
}
