using System.Net;
using System.Net.Sockets;

namespace Seamless.Host.Tests.Support;

/// <summary>A loopback port nobody listens on right now (a child process binds it next).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
