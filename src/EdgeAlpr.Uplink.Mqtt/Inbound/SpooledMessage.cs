using EdgeAlpr.Application.HotLists;

namespace EdgeAlpr.Uplink.Inbound;

/// <summary>
/// A message too large to hold in memory, as it was taken off the connection: its topic, length and SHA-256, and,
/// for a hot-list update whose signed header passed, the update kept on disk (<see cref="Update"/>); otherwise why it
/// was dropped (<see cref="RefusalCode"/>, <see cref="Refusal"/>), or nothing when the topic takes no large message.
/// </summary>
internal sealed record SpooledMessage(string Topic, long Length, string Sha256, IncomingUpdate? Update, string? RefusalCode, string? Refusal)
    : IDisposable
{
    public void Dispose() => Update?.Dispose();
}
