using System.Globalization;
using EdgeAlpr.Contracts;

namespace EdgeAlpr.Uplink.Commands;

/// <summary>
/// Whether a correctly signed command may be obeyed here and now: addressed to this unit, within
/// its validity (which may not exceed <see cref="MaxAge"/>, nor start ahead of our clock by more
/// than that), not seen before, a known command with valid arguments.
/// </summary>
public sealed class CommandPolicy(string agency, string deviceId, TimeSpan maxAge, TimeProvider time)
{
    private readonly Dictionary<Guid, DateTimeOffset> _seen = [];
    private readonly Lock _gate = new();

    public TimeSpan MaxAge { get; } = maxAge;

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

        if (command.IssuedAt > now + MaxAge)
        {
            throw new CommandRefusedException(CommandRefusal.NotYetValid, $"issued in the future ({command.IssuedAt:O}); is a clock wrong?", command);
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
