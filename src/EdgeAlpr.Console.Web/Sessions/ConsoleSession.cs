using EdgeAlpr.Application.People;

namespace EdgeAlpr.WebConsole.Sessions;

/// <summary>
/// One signed-in person's session: who (the <see cref="AuthenticatedUser"/> every request of it acts as), the hash
/// of its CSRF token, when it began and when it was last used. The tokens themselves are never kept.
/// </summary>
public sealed class ConsoleSession(AuthenticatedUser user, byte[] csrfHash, DateTimeOffset started)
{
    private long _lastSeenTicks = started.UtcTicks;
    private string? _hitsFingerprint;

    public AuthenticatedUser User { get; } = user;

    public DateTimeOffset Started { get; } = started;

    internal byte[] CsrfHash { get; } = csrfHash;

    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    /// <summary>
    /// The fingerprint of the hits this session was last shown: a screen polling an unchanged list is not audited
    /// again (<c>DecideHit.List</c>). A string reference, so a read and a write never tear.
    /// </summary>
    public string? HitsFingerprint
    {
        get => Volatile.Read(ref _hitsFingerprint);
        set => Volatile.Write(ref _hitsFingerprint, value);
    }

    internal void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);

    /// <summary>When the session ends if not used again: the idle limit, or its whole lifetime, whichever is first.</summary>
    public DateTimeOffset ExpiresAt(TimeSpan idle, TimeSpan maxAge)
    {
        DateTimeOffset idleEnd = LastSeen + idle;
        DateTimeOffset end = Started + maxAge;
        return idleEnd < end ? idleEnd : end;
    }
}
