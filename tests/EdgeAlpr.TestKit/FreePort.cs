using System.Net;
using System.Net.Sockets;

namespace EdgeAlpr.TestKit;

/// <summary>Free loopback ports for the servers the tests start (Mosquitto, gpsd, RTSP, HTTP), and the wait until one listens.</summary>
public static class FreePort
{
    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForListenerAsync(int port, TimeSpan timeout, Func<string> diagnostics)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"nothing listens on 127.0.0.1:{port} after {timeout}: {diagnostics()}");
            }
        }
    }
}
