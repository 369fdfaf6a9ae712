using System.Security.Cryptography;
using System.Text.Json;
using EdgeAlpr.Contracts;
using EdgeAlpr.Contracts.Wire;

namespace EdgeAlpr.Uplink.Commands;

/// <summary>
/// The signed form of a command on <c>…/cmd</c>: <c>{"command":"&lt;base64 of the command JSON&gt;","signature":"&lt;base64&gt;"}</c>.
/// The signature is ECDSA P-256 over SHA-256 of exactly the command bytes (DER or raw r‖s), so the
/// platform can sign with stock openssl and no JSON canonicalisation is needed.
/// </summary>
public static class CommandEnvelope
{
    public const int MaxBytes = 64 * 1024;

    public static byte[] Create(PlatformCommand command, ECDsa platformKey)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(platformKey);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(command, WireJson.Options);
        byte[] signature = platformKey.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return JsonSerializer.SerializeToUtf8Bytes(
            new SignedCommand(Convert.ToBase64String(body), Convert.ToBase64String(signature)),
            WireJson.Options
        );
    }

    /// <summary>The command, if the envelope is well formed and signed with <paramref name="platformKey"/>; refused otherwise.</summary>
    public static PlatformCommand Open(ReadOnlySpan<byte> payload, ECDsa? platformKey)
    {
        if (payload.Length > MaxBytes)
        {
            throw new CommandRefusedException(CommandRefusal.TooLarge, $"command of {payload.Length} bytes is larger than {MaxBytes}");
        }

        SignedCommand? envelope;
        byte[] body,
            signature;
        try
        {
            envelope = JsonSerializer.Deserialize<SignedCommand>(payload, WireJson.Options);
            if (envelope?.Command is null || envelope.Signature is null)
            {
                throw new CommandRefusedException(CommandRefusal.NotSigned, "not a signed command: 'command' and 'signature' are required");
            }

            body = Convert.FromBase64String(envelope.Command);
            signature = Convert.FromBase64String(envelope.Signature);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new CommandRefusedException(CommandRefusal.NotSigned, $"not a signed command envelope: {ex.Message}");
        }

        if (platformKey is null)
        {
            throw new CommandRefusedException(
                CommandRefusal.NoKey,
                "no platform key is configured (Uplink:CommandPublicKeyPath), so no command can be checked"
            );
        }

        DSASignatureFormat format =
            signature.Length == 64 ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence;
        bool valid;
        try
        {
            valid = platformKey.VerifyData(body, signature, HashAlgorithmName.SHA256, format);
        }
        catch (CryptographicException)
        {
            valid = false;
        }

        if (!valid)
        {
            throw new CommandRefusedException(
                CommandRefusal.BadSignature,
                "bad signature: the command was not signed with the platform's key, or was altered"
            );
        }

        PlatformCommand command;
        try
        {
            command = JsonSerializer.Deserialize<PlatformCommand>(body, WireJson.Options)
                ?? throw new CommandRefusedException(CommandRefusal.Malformed, "the signed command is empty");
        }
        catch (JsonException ex)
        {
            throw new CommandRefusedException(CommandRefusal.Malformed, $"the signed command is not readable: {ex.Message}");
        }

        // The serializer leaves out what the JSON lacks; nothing later should meet a null or a zero.
        string? missing =
            command.Id == Guid.Empty ? "id"
            : string.IsNullOrEmpty(command.Name) ? "name"
            : string.IsNullOrEmpty(command.Agency) ? "agency"
            : string.IsNullOrEmpty(command.DeviceId) ? "device_id"
            : command.IssuedAt == default ? "issued_at"
            : command.ExpiresAt == default ? "expires_at"
            : null;
        return missing is null ? command : throw new CommandRefusedException(CommandRefusal.Malformed, $"the signed command has no '{missing}'");
    }
}
