using System.Net;
using System.Net.Sockets;

namespace Seamless.TestSupport;

/// <summary>
/// A loopback port nobody listens on right now, for a server a test starts next (often a child process). Chosen below
/// the kernel's ephemeral range: a port handed out from inside it can be taken, between the check and the bind, as the
/// local end of any outgoing connection the parallel test projects make (seen as "address already in use"); below it,
/// only another test's listener could, and each process hands a port out once.
/// </summary>
public static class FreePort
{
    private const int Floor = 10_000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int Ceiling = EphemeralLow();

    /// <summary>Returns a port that was free on 127.0.0.1 when checked.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(Floor, Ceiling);
            lock (Gate)
            {
                if (HandedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port found in [{Floor}, {Ceiling}) after 500 tries.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The lowest ephemeral port (Linux: /proc/sys/net/ipv4/ip_local_port_range; elsewhere IANA's 49152).</summary>
    private static int EphemeralLow()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range)
            && File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) is [var low, ..]
            && int.TryParse(low, out var value) && value > Floor + 1_000)
        {
            return value;
        }

        return 49_152;
    }
}
