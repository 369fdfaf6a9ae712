namespace EdgeAlpr.WebConsole;

/// <summary>
/// The <c>Console</c> settings section: where the web console listens and how long a session lasts. The browser
/// console is off unless <see cref="Port"/> is set (HTTPS only, on loopback or an address of one of this machine's
/// interfaces); the same API on the agent's Unix socket, for the CLI, is on unless <see cref="LocalSocket"/> is false.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The HTTPS port; 0 leaves the console off.</summary>
    public int Port { get; set; }

    /// <summary>The address to listen on: a loopback address, or one of this machine's own (the in-car network); never every interface.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The server certificate (PEM); with <see cref="CertificateKeyPath"/>, or neither for a generated self-signed one.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key (PEM), a file only its owner can read.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// Whether the agent also serves the API on its Unix socket, so <c>edge-alpr</c> commands on this machine work while
    /// it runs (on by default; the browser console needs <see cref="Port"/>).
    /// </summary>
    public bool LocalSocket { get; set; } = true;

    /// <summary>The socket's path; by default <c>agent.sock</c> beside the store.</summary>
    public string? SocketPath { get; set; }

    /// <summary>A session unused this long ends.</summary>
    public int IdleMinutes { get; set; } = 15;

    /// <summary>A session ends this long after sign-in however busy it is (a shift).</summary>
    public int MaxSessionHours { get; set; } = 12;

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleMinutes);

    public TimeSpan MaxSessionAge => TimeSpan.FromHours(MaxSessionHours);
}
