using EdgeAlpr.Contracts;

namespace EdgeAlpr.Uplink.Commands;

/// <summary>
/// A command that is not obeyed, and why: <see cref="Code"/> in one word of <see cref="CommandRefusal"/>, the message in
/// a sentence; <see cref="Command"/> is set once the signature held and it could be read.
/// </summary>
public sealed class CommandRefusedException(string code, string reason, PlatformCommand? command = null) : Exception(reason)
{
    /// <summary>One of the <see cref="CommandRefusal"/> codes.</summary>
    public string Code { get; } = code;

    public PlatformCommand? Command { get; } = command;
}
