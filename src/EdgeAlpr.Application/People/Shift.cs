using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.People;

/// <summary>
/// The officer signed on to this unit's shift (a patrol car has one officer at the wheel): the in-cab buttons'
/// decisions and every alert raised meanwhile are attributed to them. Signing on and off is audited. One per agent.
/// </summary>
public sealed class Shift(IAuditLog audit, TimeProvider time)
{
    /// <summary>What a button decision records as its officer when nobody is signed on.</summary>
    public const string NobodySignedOn = "in-cab button (no officer signed on)";

    private readonly Lock _gate = new();
    private OnShift? _current;

    /// <summary>The officer on shift and since when; null when nobody is signed on.</summary>
    public OnShift? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Signs <paramref name="officer"/> on (an officer already on is signed off first, both audited).</summary>
    public OnShift SignOn(AuthenticatedUser officer)
    {
        Access.Authorize(officer, Permission.DecideHits, audit, "shift_sign_on");
        lock (_gate)
        {
            if (_current is { } before)
            {
                Record("shift_sign_off", before.Officer.Login, "replaced by " + officer.Login);
            }

            _current = new OnShift(officer, time.GetUtcNow());
            Record("shift_sign_on", officer.Login, null);
            return _current;
        }
    }

    /// <summary>Signs <paramref name="officer"/> off; false when they were not the one on shift.</summary>
    public bool SignOff(AuthenticatedUser officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        lock (_gate)
        {
            if (_current is null || !string.Equals(_current.Officer.Login, officer.Login, StringComparison.Ordinal))
            {
                return false;
            }

            Record("shift_sign_off", officer.Login, null);
            _current = null;
            return true;
        }
    }

    private void Record(string action, string login, string? note)
    {
        var details = new Dictionary<string, object?>(StringComparer.Ordinal) { ["officer"] = login };
        if (note is not null)
        {
            details["note"] = note;
        }

        audit.RecordAudit(action, login, details, login);
    }
}

/// <summary>An officer on shift, and since when.</summary>
public sealed record OnShift(AuthenticatedUser Officer, DateTimeOffset Since);
