using EdgeAlpr.Location;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Agent.Hosting;

/// <summary>The receiver the configuration names, if any.</summary>
internal static class AgentLocation
{
    public static IGpsSource? Receiver(LocationOptions options, TimeProvider time, ILogger logger) => options.Receiver switch
    {
        GpsReceiver.Gpsd => new GpsdClient(options.GpsdHost, options.GpsdPort, options.ReconnectMin, options.ReconnectMax, time, logger),
        GpsReceiver.Serial => new SerialNmeaSource(options.SerialPort, options.BaudRate, options.ReconnectMin, options.ReconnectMax, time, logger),
        _ => null,
    };
}
