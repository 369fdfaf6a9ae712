using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using Microsoft.AspNetCore.WebUtilities;

namespace EdgeAlpr.WebConsole.Sessions;

/// <summary>
/// The console's sessions, in memory (a restart signs everyone out, which is what a restarted unit should do).
/// Tokens are 256 random bits, kept only as SHA-256 hashes, so a memory dump yields no usable session. A session
/// ends after <see cref="ConsoleOptions.IdleMinutes"/> unused or <see cref="ConsoleOptions.MaxSessionHours"/> after
/// sign-in, or at once when an admin changes the account (<see cref="EndAllOf"/>); its end is audited
/// (<c>session_expired</c>), as is a sign-out (<c>sign_out</c>).
/// </summary>
public sealed class SessionStore(TimeProvider time, IAuditLog audit, ConsoleOptions options)
{
    public const int TokenBytes = 32;

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public OpenedSession Open(AuthenticatedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        Sweep();
        string token = NewToken();
        string csrf = NewToken();
        DateTimeOffset now = time.GetUtcNow();
        var session = new ConsoleSession(user, Hash(csrf), now);
        _sessions[Key(token)] = session;
        return new OpenedSession(token, csrf, session, session.ExpiresAt(options.IdleTimeout, options.MaxSessionAge));
    }

    /// <summary>
    /// The live session of <paramref name="token"/>, marked used unless <paramref name="touch"/> is false (a page
    /// refreshing itself is not a person at the screen); null when there is none or it has ended (then audited and dropped).
    /// </summary>
    public ConsoleSession? Find(string? token, bool touch = true)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return null;
        }

        string key = Key(token);
        if (!_sessions.TryGetValue(key, out ConsoleSession? session))
        {
            return null;
        }

        DateTimeOffset now = time.GetUtcNow();
        if (Ended(session, now) is { } reason)
        {
            Expire(key, session, reason);
            return null;
        }

        if (touch)
        {
            session.Touch(now);
        }

        return session;
    }

    /// <summary>Whether <paramref name="csrfToken"/> is the session's CSRF token (compared in constant time).</summary>
    public static bool CsrfMatches(ConsoleSession session, string? csrfToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !string.IsNullOrEmpty(csrfToken)
            && csrfToken.Length <= 128
            && CryptographicOperations.FixedTimeEquals(Hash(csrfToken), session.CsrfHash);
    }

    /// <summary>Signs the session of <paramref name="token"/> out, audited as <c>sign_out</c>; false when it was not open.</summary>
    public bool Close(string token, string origin)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_sessions.TryRemove(Key(token), out ConsoleSession? session))
        {
            return false;
        }

        audit.RecordAudit(
            "sign_out",
            session.User.Login,
            new Dictionary<string, object?> { ["origin"] = origin, ["started_at"] = session.Started },
            session.User.Login
        );
        return true;
    }

    /// <summary>Ends every session past its limits (each audited); run at each sign-in, so memory holds only live ones.</summary>
    public int Sweep()
    {
        DateTimeOffset now = time.GetUtcNow();
        int ended = 0;
        foreach ((string key, ConsoleSession session) in _sessions)
        {
            if (Ended(session, now) is { } reason && Expire(key, session, reason))
            {
                ended++;
            }
        }

        return ended;
    }

    /// <summary>
    /// Ends every session of <paramref name="login"/> at once, each audited (<c>session_expired</c> with
    /// <paramref name="reason"/>): an account disabled, its roles or password changed, or its certification ended
    /// must not keep acting through a session opened before.
    /// </summary>
    public int EndAllOf(string login, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(login);
        int ended = 0;
        foreach ((string key, ConsoleSession session) in _sessions)
        {
            if (string.Equals(session.User.Login, login, StringComparison.Ordinal) && Expire(key, session, reason))
            {
                ended++;
            }
        }

        return ended;
    }

    private string? Ended(ConsoleSession session, DateTimeOffset now) =>
        now >= session.Started + options.MaxSessionAge ? "max_age"
        : now >= session.LastSeen + options.IdleTimeout ? "idle"
        : null;

    private bool Expire(string key, ConsoleSession session, string reason)
    {
        // Removed once: two requests finding the same ended session audit it once.
        if (!_sessions.TryRemove(new KeyValuePair<string, ConsoleSession>(key, session)))
        {
            return false;
        }

        audit.RecordAudit(
            "session_expired",
            session.User.Login,
            new Dictionary<string, object?>
            {
                ["reason"] = reason,
                ["started_at"] = session.Started,
                ["last_seen_at"] = session.LastSeen,
            },
            "agent"
        );
        return true;
    }

    private static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(TokenBytes));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Key(string token) => Convert.ToHexString(Hash(token));
}
