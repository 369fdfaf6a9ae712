using System.Globalization;
using EdgeAlpr.Contracts;

namespace EdgeAlpr.Uplink.Commands;

/// <summary>
/// Whether a correctly signed command may be obeyed here and now: addressed to this unit, within
/// its validity window (which may not exceed <see cref="MaxAge"/>, and must contain our clock's now,
/// its start allowed to be ahead by at most <see cref="ClockSkew"/>), not seen before, a known
/// command with valid arguments.
/// </summary>
public sealed class CommandPolicy(string agency, string deviceId, TimeSpan maxAge, TimeProvider time, TimeSpan? clockSkew = null)
{
    private readonly Dictionary<Guid, DateTimeOffset> _seen = [];
    private readonly Lock _gate = new();

    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>
    /// How far a command's <c>issued_at</c> may be ahead of our clock (the platform's clock running ahead of ours).
    /// Only the start gets this allowance: the end is the platform's word on how long the command may be obeyed, so a
    /// unit whose clock runs ahead merely sees a shorter window.
    /// </summary>
    public TimeSpan ClockSkew { get; } = clockSkew ?? UplinkOptions.DefaultCommandClockSkew;

    /// <summary>Remembers commands already obeyed or refused (e.g. from the audit trail after a restart).</summary>
    public void Remember(Guid id, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            _seen[id] = expiresAt;
        }
    }

    /// <summary>Whether <paramref name="command"/> may be obeyed: <see cref="Admit"/>, then <see cref="CheckArguments"/>.</summary>
    public void Check(PlatformCommand command)
    {
        Admit(command);
        CheckArguments(command);
    }

    /// <summary>
    /// Whether <paramref name="command"/> is addressed to this unit, in date and not seen before; once it passes, its id
    /// is remembered (until it expires), so it is never obeyed again, even when its name or arguments are then refused.
    /// </summary>
    public void Admit(PlatformCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        DateTimeOffset now = time.GetUtcNow();
        if (!string.Equals(command.DeviceId, deviceId, StringComparison.Ordinal) || !string.Equals(command.Agency, agency, StringComparison.Ordinal))
        {
            throw new CommandRefusedException(
                CommandRefusal.WrongUnit,
                $"addressed to {command.Agency}/{command.DeviceId}, not to this unit ({agency}/{deviceId})",
                command
            );
        }

        if (command.ExpiresAt <= command.IssuedAt || command.ExpiresAt - command.IssuedAt > MaxAge)
        {
            throw new CommandRefusedException(
                CommandRefusal.BadValidity,
                $"its validity ({command.IssuedAt:O} to {command.ExpiresAt:O}) is not a window of at most {MaxAge}",
                command
            );
        }

        if (now >= command.ExpiresAt)
        {
            throw new CommandRefusedException(CommandRefusal.Expired, $"expired at {command.ExpiresAt:O}", command);
        }

        if (command.IssuedAt > now + ClockSkew)
        {
            throw new CommandRefusedException(
                CommandRefusal.NotYetValid,
                $"not valid yet: issued at {command.IssuedAt:O}, {command.IssuedAt - now:c} ahead of this unit's clock ({now:O}), more than the allowed clock skew of {ClockSkew:c} (Uplink:CommandClockSkew); is a clock wrong?",
                command
            );
        }

        lock (_gate)
        {
            foreach (Guid old in _seen.Where(s => s.Value < now).Select(s => s.Key).ToList())
            {
                _seen.Remove(old);
            }

            if (!_seen.TryAdd(command.Id, command.ExpiresAt))
            {
                throw new CommandRefusedException(
                    CommandRefusal.Replay,
                    $"command {command.Id} was already received: a replay is not obeyed",
                    command
                );
            }
        }
    }

    /// <summary>The level and duration of a <c>log_level</c> command.</summary>
    public static (string Level, TimeSpan For) LogLevelArguments(PlatformCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        string level = (command.Arg("level") ?? "debug").ToLowerInvariant();
        if (level is not ("trace" or "debug" or "information"))
        {
            throw new CommandRefusedException(CommandRefusal.BadArguments, $"log_level: level '{level}' is not trace, debug or information", command);
        }

        string minutes = command.Arg("minutes") ?? "15";
        if (!int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out int m) || m is < 1 or > 240)
        {
            throw new CommandRefusedException(
                CommandRefusal.BadArguments,
                $"log_level: minutes '{minutes}' is not a whole number from 1 to 240",
                command
            );
        }

        return (level, TimeSpan.FromMinutes(m));
    }

    /// <summary>Whether <paramref name="command"/> is a known command with valid arguments.</summary>
    public static void CheckArguments(PlatformCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command.Name)
        {
            case PlatformCommand.Ping or PlatformCommand.ResyncHotList or PlatformCommand.Purge:
                return;
            case PlatformCommand.LogLevel:
                LogLevelArguments(command);
                return;
            default:
                throw new CommandRefusedException(
                    CommandRefusal.UnknownCommand,
                    $"unknown command '{command.Name}' (known: {string.Join(", ", PlatformCommand.Known)})",
                    command
                );
        }
    }
}
