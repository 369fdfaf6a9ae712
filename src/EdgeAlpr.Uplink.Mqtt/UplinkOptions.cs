namespace EdgeAlpr.Uplink;

/// <summary>The uplink to the central platform (configuration section <c>Uplink</c>), validated at start.</summary>
public sealed class UplinkOptions
{
    public const string Section = "Uplink";

    public const string DefaultPasswordVariable = "EDGEALPR_MQTT_PASSWORD";

    public const int DefaultRefusalAnswersPerMinute = 10;

    public const int MaxRefusalAnswersPerMinute = 600;

    public static readonly TimeSpan DefaultCommandClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>
    /// <c>mqtts://host:port</c> (TLS, default port 8883) or <c>mqtt://host:port</c> (plain, 1883; loopback only
    /// unless <see cref="AllowPlainText"/>).
    /// </summary>
    public string Broker { get; set; } = string.Empty;

    /// <summary>First topic level of everything this unit sends and receives.</summary>
    public string TopicPrefix { get; set; } = "alpr";

    /// <summary>The agency that owns the unit (second topic level), e.g. its ORI.</summary>
    public string Agency { get; set; } = string.Empty;

    /// <summary>This unit's id (third topic level); the same id its reads carry.</summary>
    public string DeviceId { get; set; } = string.Empty;

    /// <summary>
    /// MQTT client id; default <c>edge-alpr-{agency}-{device}</c>. It must stay the same across restarts: the
    /// broker keeps the session under it.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>User name for the broker, with the password of PasswordFile or PasswordVariable.</summary>
    public string? Username { get; set; }

    /// <summary>File holding the password (mode 0600 or 0400).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Environment variable that may hold the password instead; it wins when set.</summary>
    public string PasswordVariable { get; set; } = DefaultPasswordVariable;

    /// <summary>PEM file of the CA(s) the broker's certificate must chain to; empty: the system's trusted roots.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate for mutual TLS, with <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of ClientCertificateFile (mode 0600 or 0400).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>The name the broker's certificate must carry, when it differs from the host in <see cref="Broker"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>
    /// Lets <c>mqtt://</c> (no TLS) reach a host other than loopback. Off: law-enforcement data never crosses a
    /// network in clear text by accident.
    /// </summary>
    public bool AllowPlainText { get; set; }

    /// <summary>MQTT keep-alive: past about one and a half of it without a word, the broker publishes the unit's last will (offline).</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the broker keeps this unit's session (subscriptions, queued commands and lists) while it is offline.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long one connection attempt (TCP, TLS, CONNECT) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Messages published and not yet acknowledged (PUBACK) at most.</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>Outbox items read per query.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Acknowledged items are marked forwarded together, at most this long after their PUBACK.</summary>
    public TimeSpan AckFlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>First wait before reconnecting; it doubles up to ReconnectMax, each ±30% random.</summary>
    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between connection attempts.</summary>
    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// An item the broker refused (e.g. not authorised) is tried again after this, doubling per attempt up to
    /// <see cref="ReconnectMax"/>.
    /// </summary>
    public TimeSpan RefusedRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cap on bytes sent per second, for metered links; 0: none.</summary>
    public long MaxBytesPerSecond { get; set; }

    /// <summary>How often the health report is published on …/health.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Images inside the JSON (base64) or as separate messages on <c>…/image/{sha256}</c>.</summary>
    public ImageDelivery Images { get; set; } = ImageDelivery.Inline;

    /// <summary>Which messages carry the scene (context) image; plate crops are always sent.</summary>
    public ContextImagePolicy ContextImages { get; set; } = ContextImagePolicy.HitsOnly;

    /// <summary>PEM file of the platform's ECDSA P-256 public key; commands must be signed with it. Without it every command is refused.</summary>
    public string? CommandPublicKeyPath { get; set; }

    /// <summary>Longest validity a command may claim.</summary>
    public TimeSpan CommandMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How far a command's <c>issued_at</c> may be ahead of this unit's clock and the command still be obeyed; 0 to
    /// <see cref="CommandMaxAge"/>. A command issued further ahead is refused as <c>not_yet_valid</c>.
    /// </summary>
    public TimeSpan CommandClockSkew { get; set; } = DefaultCommandClockSkew;

    /// <summary>
    /// Answers on <c>…/cmd-result</c> to refused commands, at most, in any minute; the rest are not sent, and counted
    /// in the refusals' audit. 0: refusals are never answered. Obeyed commands, and refused ones that only the
    /// platform's key could have made (signed, addressed here, in date, new, but unknown or with bad arguments), are
    /// always answered.
    /// </summary>
    public int RefusalAnswersPerMinute { get; set; } = DefaultRefusalAnswersPerMinute;

    public string EffectiveClientId => string.IsNullOrWhiteSpace(ClientId) ? $"edge-alpr-{Agency}-{DeviceId}" : ClientId;
}

public enum ImageDelivery
{
    Inline,
    Topic,
}

public enum ContextImagePolicy
{
    HitsOnly,
    Always,
    Never,
}
