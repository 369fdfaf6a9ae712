using System.Security.Cryptography;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Application.Ports;

namespace EdgeAlpr.Uplink.Inbound;

/// <summary>
/// Takes one large message's payload as it comes off the connection, a chunk at a time. On a hot-list topic the first
/// <see cref="IncomingUpdate.HeadBytes"/> are held until the hot list has judged the header
/// (<see cref="IHotLists.Receive"/>): only an update signed by the platform and newer than the list in use is written
/// on; anything else is hashed (for the refusal's record) and dropped. On any other topic the payload is only hashed.
/// </summary>
internal sealed class SpoolSink : IDisposable
{
    private readonly InboundSpool _spool;
    private readonly string _topic;
    private readonly long _length;
    private readonly IHotLists? _hotLists;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[]? _head;
    private int _headLength;
    private IncomingUpdate? _update;
    private HotListImportException? _refused;
    private bool _judged;

    public SpoolSink(InboundSpool spool, string topic, long length, IHotLists? hotLists)
    {
        _spool = spool;
        _topic = topic;
        _length = length;
        _hotLists = hotLists;
        _head = hotLists is null ? null : new byte[IncomingUpdate.HeadBytes];
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        if (_hotLists is null || _refused is not null)
        {
            return;
        }

        if (!_judged)
        {
            int take = Math.Min(bytes.Length, _head!.Length - _headLength);
            bytes[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
            bytes = bytes[take..];
            if (_headLength < _head.Length && _headLength < _length)
            {
                return;
            }

            Judge();
        }

        if (_update is not null && !bytes.IsEmpty)
        {
            try
            {
                _update.Append(bytes);
            }
            catch (Exception ex) when (IsRefusal(ex))
            {
                Refuse(ex);
            }
        }
    }

    /// <summary>Ends the payload: registers what became of it with the spool and returns the token MQTTnet is given instead.</summary>
    public byte[] Finish()
    {
        if (_hotLists is not null && !_judged)
        {
            Judge();
        }

        if (_update is not null)
        {
            try
            {
                _update.Complete();
            }
            catch (Exception ex) when (IsRefusal(ex))
            {
                Refuse(ex);
            }
        }

        var message = new SpooledMessage(
            _topic,
            _length,
            Convert.ToHexStringLower(_hash.GetHashAndReset()),
            _update,
            _refused?.Code,
            _refused?.Message
        );
        _update = null;
        return _spool.Register(message);
    }

    public void Dispose()
    {
        _update?.Dispose();
        _hash.Dispose();
    }

    private void Judge()
    {
        _judged = true;
        try
        {
            _update = _hotLists!.Receive(_head.AsSpan(0, _headLength), _length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever the header made fail is a refusal: thrown on, it would end the connection, and the broker would
            // send the same message again on the next one, for ever.
            Refuse(ex);
        }
    }

    private static bool IsRefusal(Exception ex) => ex is HotListImportException or IOException or UnauthorizedAccessException;

    // A refusal ends the keeping: what was kept is deleted, the rest of the payload only hashed.
    private void Refuse(Exception ex)
    {
        _refused =
            ex as HotListImportException
            ?? new HotListImportException(
                $"the update could not be {(ex is IOException or UnauthorizedAccessException ? "kept for checking" : "read")}: {ex.Message}",
                code: ex is IOException or UnauthorizedAccessException ? HotListRefusal.Busy : HotListRefusal.Invalid
            );
        _update?.Dispose();
        _update = null;
    }
}
