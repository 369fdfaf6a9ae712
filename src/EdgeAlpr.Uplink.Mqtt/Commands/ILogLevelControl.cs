namespace EdgeAlpr.Uplink.Commands;

/// <summary>Raises the agent's log level for a while (the platform's <c>log_level</c> command); the host provides it.</summary>
public interface ILogLevelControl
{
    /// <summary>
    /// Logs at <paramref name="level"/> ("trace", "debug", "information") for <paramref name="duration"/>, then
    /// back to the configured levels.
    /// </summary>
    void Raise(string level, TimeSpan duration);
}
