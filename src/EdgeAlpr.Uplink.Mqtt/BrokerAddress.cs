using System.Net;
using EdgeAlpr.Core.Text;

namespace EdgeAlpr.Uplink;

/// <summary>A broker URL: <c>mqtts://host[:port]</c> (TLS) or <c>mqtt://host[:port]</c>.</summary>
public sealed record BrokerAddress(string Host, int Port, bool Tls)
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    public bool IsLoopback =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));

    public static bool TryParse(string? text, out BrokerAddress? address, out string? problem)
    {
        address = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "no broker is configured (e.g. mqtts://platform.example.gov:8883)";
            return false;
        }

        // A password written into the URL must not reach the error message (and so the journal).
        string shown = UrlCredentials.Hide(text);
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            problem = $"'{shown}' is not a broker URL (mqtts://host:port or mqtt://host:port)";
            return false;
        }

        bool tls;
        switch (uri.Scheme)
        {
            case "mqtts" or "ssl" or "tls":
                tls = true;
                break;
            case "mqtt" or "tcp":
                tls = false;
                break;
            default:
                problem = $"'{shown}': scheme '{uri.Scheme}' is not mqtt:// or mqtts://";
                return false;
        }

        if (uri.AbsolutePath is not ("" or "/") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            problem = $"'{shown}': a broker URL has only a host and a port (credentials go in Uplink:Username and Uplink:PasswordFile)";
            return false;
        }

        address = new BrokerAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (tls ? DefaultTlsPort : DefaultPort) : uri.Port, tls);
        return true;
    }

    public static BrokerAddress Parse(string text) =>
        TryParse(text, out BrokerAddress? address, out string? problem) ? address! : throw new FormatException(problem);

    public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{Host}:{Port}";
}
