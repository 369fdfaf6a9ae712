namespace EdgeAlpr.Application.HotLists;

/// <summary>
/// A signed platform update on its way in, taken from the network a piece at a time so that no
/// message is ever held whole in memory. It exists only once its header was checked (signed with
/// the platform's key, newer than the list in use, the right size): a forged or replayed update is
/// refused before any of its body is kept. The hot list keeps the bytes in its own folder;
/// <see cref="Complete"/> checks that the body is the one the signed header names. Disposing it
/// deletes what was kept unless it was applied.
/// </summary>
public abstract class IncomingUpdate : IDisposable
{
    /// <summary>How much of a message <see cref="Ports.IHotLists.Receive"/> needs to judge it: its header ends within these bytes.</summary>
    public const int HeadBytes = 4096;

    /// <summary>The whole message's length in bytes, as announced by the transport.</summary>
    public abstract long Length { get; }

    /// <summary>The update's version, from its signed header.</summary>
    public abstract long Version { get; }

    /// <summary>Writes the next bytes of the message.</summary>
    public abstract void Append(ReadOnlySpan<byte> bytes);

    /// <summary>
    /// Ends the message: throws <see cref="HotListImportException"/> when fewer or more bytes came than announced, or
    /// the body's SHA-256 is not the one in the signed header.
    /// </summary>
    public abstract void Complete();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
