using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeAlpr.Contracts;
using EdgeAlpr.Contracts.Wire;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeAlpr.Uplink.Transport;

/// <summary>
/// Connects one MQTT 5 client the way the contract needs: a persistent session (clean start
/// off, session expiry set) under a stable client id, the retained "offline" status as last
/// will, TLS 1.2+ against the configured CA with an optional client certificate, and a small
/// receive maximum. A TLS failure is an error with its cause; there is no fallback to plain text.
/// </summary>
/// <remarks>
/// No maximum packet size is announced, on purpose. Mosquitto (2.0.11 in Debian 12, and still
/// 2.0.20) drops a QoS 1 or 2 message larger than the client's maximum without giving back its
/// receive-maximum slot, until the client reconnects: four oversized messages on the
/// agency-wide hot-list topic would stop every unit's hot-list updates and commands. Size is
/// bounded on this side instead: <see cref="PublishSpoolingChannel"/> takes any large payload off
/// the connection in pieces, and one over <c>HotList:MaxUpdateBytes</c> is only hashed and
/// refused. Bandwidth is bounded where it is cheapest, by the broker's
/// <c>message_size_limit</c> (docs/mqtt-contract.md).
/// </remarks>
/// <param name="options">The uplink's settings: broker, identity, TLS.</param>
/// <param name="topics">The unit's topics (status, last will).</param>
/// <param name="time">The clock.</param>
internal sealed class MqttConnector(UplinkOptions options, Topics topics, TimeProvider time)
{
    /// <summary>
    /// At most this many QoS 1 messages are sent to the unit unacknowledged (MQTT 5's receive maximum; a message is
    /// acknowledged once handled): a publisher flooding the agency's topics cannot have the broker push more at once.
    /// </summary>
    public const ushort ReceiveMaximum = 4;

    private readonly BrokerAddress _broker = BrokerAddress.Parse(options.Broker);

    public BrokerAddress Broker => _broker;

    public async Task<MqttClientConnectResult> ConnectAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        TlsTrust? trust = null;
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_broker.Host, _broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(options.EffectiveClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)options.SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithReceiveMaximum(ReceiveMaximum)
            .WithTimeout(options.ConnectTimeout)
            .WithWillTopic(topics.Status)
            .WithWillPayload(JsonPayload(Status("offline", "connection lost", stamped: false)))
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        if (!string.IsNullOrWhiteSpace(options.Username))
        {
            builder.WithCredentials(options.Username, UplinkSecrets.Password(options));
        }

        if (_broker.Tls)
        {
            string host = string.IsNullOrWhiteSpace(options.TlsServerName) ? _broker.Host : options.TlsServerName;
            trust = new TlsTrust(LoadAuthorities(), host, time);
            X509Certificate2? clientCertificate = LoadClientCertificate();
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls()
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithTargetHost(host)
                    .WithCertificateValidationHandler(trust.Validate);
                if (clientCertificate is not null)
                {
                    tls.WithClientCertificates([clientCertificate]);
                }
            });
        }

        MqttClientConnectResult result;
        try
        {
            result = await client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        }
        catch (MqttConnectingFailedException ex) when (trust?.LastRefusal is null)
        {
            throw new UplinkConnectException($"{_broker} refused the connection: {ex.Message}", ex) { NeedsAttention = true };
        }
        catch (Exception ex) when (trust?.LastRefusal is { } refusal && ex is not OperationCanceledException)
        {
            throw new UplinkConnectException($"TLS to {_broker} refused: {refusal}; not connecting (there is no fallback to plain text)", ex)
            {
                NeedsAttention = true,
            };
        }
        catch (Exception ex) when (_broker.Tls && ex is not OperationCanceledException && (IsTlsFailure(ex) || !IsUnreachable(ex)))
        {
            // Reached, but the broker ended the TLS session (with TLS 1.3 it judges our certificate after the
            // handshake looks done to us): most often it does not accept our client certificate.
            throw new UplinkConnectException(
                $"TLS handshake with {_broker} failed: {Innermost(ex)}; check that the broker accepts the client certificate (Uplink:ClientCertificateFile) and speaks TLS on this port",
                ex
            )
            {
                NeedsAttention = true,
            };
        }
        catch (Exception ex) when (ex is MqttCommunicationException or SocketException or IOException or TimeoutException)
        {
            throw new UplinkConnectException($"cannot reach {_broker}: {Innermost(ex)}", ex);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new UplinkConnectException(
                $"{_broker} refused the connection: {result.ResultCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : " (" + result.ReasonString + ")")}"
            )
            {
                NeedsAttention =
                    result.ResultCode
                        is not (
                            MqttClientConnectResultCode.ServerBusy
                            or MqttClientConnectResultCode.ServerUnavailable
                            or MqttClientConnectResultCode.QuotaExceeded
                        ),
            };
        }

        return result;
    }

    /// <summary>The presence message; the last will is written at connect time, so it carries no time of its own.</summary>
    public StatusMessage Status(string state, string? reason, bool stamped = true) =>
        new(
            UplinkSchema.Version,
            "status",
            options.DeviceId,
            options.Agency,
            state,
            stamped ? time.GetUtcNow() : null,
            reason,
            BuildIdentity.Current.Version,
            BuildIdentity.Current.Commit
        );

    private static byte[] JsonPayload(object value) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), WireJson.Options);

    private X509Certificate2Collection? LoadAuthorities()
    {
        if (string.IsNullOrWhiteSpace(options.CaFile))
        {
            return null;
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(options.CaFile);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UplinkConnectException($"cannot read the CA file {options.CaFile}: {ex.Message}", ex) { NeedsAttention = true };
        }

        return authorities.Count > 0
            ? authorities
            : throw new UplinkConnectException($"the CA file {options.CaFile} holds no certificate (PEM 'BEGIN CERTIFICATE' blocks expected)")
            {
                NeedsAttention = true,
            };
    }

    private X509Certificate2? LoadClientCertificate()
    {
        if (string.IsNullOrWhiteSpace(options.ClientCertificateFile))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            // The key is a secret: read through SecretFile on every connection, so a key loosened while the agent runs is refused too.
            string? key = string.IsNullOrWhiteSpace(options.ClientKeyFile)
                ? null
                : FileSystem.SecretFile.ReadText(options.ClientKeyFile, "client key file");
            certificate = key is null
                ? X509Certificate2.CreateFromPemFile(options.ClientCertificateFile)
                : X509Certificate2.CreateFromPem(File.ReadAllText(options.ClientCertificateFile), key);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UplinkConnectException(
                $"cannot load the client certificate {options.ClientCertificateFile} with key {options.ClientKeyFile}: {ex.Message}",
                ex
            )
            {
                NeedsAttention = true,
            };
        }

        DateTime now = time.GetUtcNow().UtcDateTime;
        if (now > certificate.NotAfter.ToUniversalTime())
        {
            throw new UplinkConnectException(
                $"the client certificate {options.ClientCertificateFile} ({certificate.Subject}) expired on {certificate.NotAfter.ToUniversalTime():u}; renew it"
            )
            {
                NeedsAttention = true,
            };
        }

        if (now < certificate.NotBefore.ToUniversalTime())
        {
            throw new UplinkConnectException(
                $"the client certificate {options.ClientCertificateFile} is not valid before {certificate.NotBefore.ToUniversalTime():u} (is this unit's clock right?)"
            )
            {
                NeedsAttention = true,
            };
        }

        return certificate;
    }

    private static bool IsTlsFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Nothing answered at the address: no broker there, no route, no name.</summary>
    private static bool IsUnreachable(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode
                    is SocketError.ConnectionRefused
                        or SocketError.HostUnreachable
                        or SocketError.NetworkUnreachable
                        or SocketError.HostNotFound
                        or SocketError.TimedOut
                        or SocketError.TryAgain
                        or SocketError.NoData
                        or SocketError.AddressNotAvailable;
            }

            if (e is TimeoutException or MqttCommunicationTimedOutException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Innermost(Exception ex)
    {
        Exception e = ex;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
