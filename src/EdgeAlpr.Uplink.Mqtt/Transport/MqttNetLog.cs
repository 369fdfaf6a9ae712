using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace EdgeAlpr.Uplink.Transport;

/// <summary>
/// MQTTnet's own log into ours, one level lower: its errors are about a link we already report on.
/// At trace level it logs every packet; it prints the CONNECT's password as <c>****</c>, which
/// SecretTests checks against each MQTTnet upgrade.
/// </summary>
internal sealed class MqttNetLog(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Debug);

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        LogLevel ours = level switch
        {
            MqttNetLogLevel.Error or MqttNetLogLevel.Warning => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        if (!logger.IsEnabled(ours))
        {
            return;
        }

        string text = parameters is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, message, parameters) : message;
        logger.Log(ours, exception, "MQTTnet {Source}: {Message}", source, text);
    }
}
