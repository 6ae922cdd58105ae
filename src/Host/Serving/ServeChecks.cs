using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Seamless.Host.Serving;

/// <summary>
/// The start-up mistakes of <c>seamless serve</c> caught before anything starts, each as one line naming the flag
/// and how to fix it: <c>--data</c> that is a file, a <c>--fleet</c> file that does not exist, an address in
/// <c>--urls</c> another process already listens on.
/// </summary>
public static class ServeChecks
{
    /// <summary>Checks the flags that name files and folders.</summary>
    public static void Check(string dataDirectory, string? fleetFile, bool simulate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        if (File.Exists(dataDirectory))
        {
            throw new ArgumentException($"--data '{Path.GetFullPath(dataDirectory)}' is a file, not a directory; pass a directory (it is created when missing).");
        }

        if (fleetFile is not null)
        {
            if (!simulate)
            {
                throw new ArgumentException("--fleet needs --simulate (a standalone simulator takes its own --fleet).");
            }

            if (!File.Exists(fleetFile))
            {
                throw new ArgumentException($"--fleet '{Path.GetFullPath(fleetFile)}' does not exist; pass a fleet JSON file (format: src/Simulator/README.md) or omit --fleet for the default fleet.");
            }
        }
    }

    /// <summary>Refuses a <c>--urls</c> address another process listens on, then starts the server.</summary>
    public static async Task<SeamlessServer> StartAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (string url in settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (InUse(url))
            {
                throw new IOException(AddressInUse(url));
            }
        }

        try
        {
            return await SeamlessServer.StartAsync(settings, LogLevel.Information, cancellationToken);
        }
        catch (IOException ex) when (ex is not Serving.DataFolderException && (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
        {
            // Taken between the check and the bind.
            throw new IOException(AddressInUse(settings.Urls), ex);
        }
    }

    /// <summary>The one line for an address in use.</summary>
    public static string AddressInUse(string url) =>
        $"--urls {url}: the address is already in use (another 'seamless serve'?); stop that process or pass another --urls, e.g. --urls http://127.0.0.1:7072.";

    /// <summary>True when something already listens on the URL's port (loopback or any address); false when unknown or port 0.</summary>
    public static bool InUse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return false;
        }

        var address = uri.Host switch
        {
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) => ip,
            _ => null,
        };
        if (address is null)
        {
            return false;
        }

        try
        {
            using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, uri.Port));
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
