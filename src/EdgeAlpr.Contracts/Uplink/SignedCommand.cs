using System.Text.Json.Serialization;

namespace EdgeAlpr.Contracts;

/// <summary>
/// The message on <c>…/cmd</c>: a <see cref="PlatformCommand"/>'s JSON bytes in base64 (<see cref="Command"/>) and the
/// platform's ECDSA P-256 SHA-256 signature of exactly those bytes in base64 (DER or raw r‖s). Both may be
/// absent in what arrives; the uplink refuses such a message.
/// </summary>
public sealed record SignedCommand(
    [property: JsonPropertyName("command")] string? Command,
    [property: JsonPropertyName("signature")] string? Signature
);
