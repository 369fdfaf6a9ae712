using EdgeAlpr.Contracts;

namespace EdgeAlpr.Uplink.Commands;

/// <summary>A command that is not obeyed, and why; <see cref="Command"/> is set once the signature held and it could be read.</summary>
public sealed class CommandRefusedException(string reason, PlatformCommand? command = null) : Exception(reason)
{
    public PlatformCommand? Command { get; } = command;
}
