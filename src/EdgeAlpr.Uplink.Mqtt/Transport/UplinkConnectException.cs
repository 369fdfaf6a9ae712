namespace EdgeAlpr.Uplink.Transport;

/// <summary>The broker could not be reached or refused us; the message says why in terms an administrator can act on.</summary>
public sealed class UplinkConnectException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when retrying cannot help until someone changes something (certificates, credentials, CA).</summary>
    public bool NeedsAttention { get; init; }
}
