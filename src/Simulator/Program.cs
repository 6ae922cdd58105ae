using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Seamless.Simulator;

/// <summary>
/// Entry point of the standalone simulator:
/// <c>dotnet run --project src/Simulator -- --urls http://127.0.0.1:PORT [--fleet FILE] [--time-scale N] [--seed N] [--start ISO]</c>.
/// </summary>
public static class Program
{
    /// <summary>Runs the simulator until Ctrl+C.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        SimulatorOptions options;
        try
        {
            options = ParseArgs(args);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"{Name}: {ex.Message} (usage: {Usage})");
            return 2;
        }

        if (options.FleetFile is { } fleet && !File.Exists(fleet))
        {
            await Console.Error.WriteLineAsync($"{Name}: --fleet '{Path.GetFullPath(fleet)}' does not exist; pass a fleet JSON file (format: src/Simulator/README.md) or omit --fleet for the default fleet.");
            return 2;
        }

        if (options.Urls?.FirstOrDefault(InUse) is { } taken)
        {
            // Before starting: the hosting layer would log the bind failure with its stack trace first.
            await Console.Error.WriteLineAsync($"{Name}: --urls {taken}: the address is already in use; stop the process listening there or pass another --urls.");
            return 1;
        }

        SimulatorHost host;
        try
        {
            host = await SimulatorHost.StartAsync(options, LogLevel.Information, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            // One line naming the flag, never a stack trace.
            await Console.Error.WriteLineAsync($"{Name}: {StartupError(ex, options)}");
            return 1;
        }

        await using (host)
        {
            Console.WriteLine($"Seamless simulator listening on {host.BaseAddress} (time scale {host.State.TimeScale.ToString(CultureInfo.InvariantCulture)}, simulated start {host.State.Start:O}).");
            await host.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>The program name in error lines.</summary>
    public const string Name = "Seamless.Simulator";

    /// <summary>The usage line.</summary>
    public const string Usage = "Seamless.Simulator --urls http://127.0.0.1:PORT [--fleet FILE] [--time-scale N] [--seed N] [--start ISO-8601]";

    /// <summary>Largest accepted <c>--time-scale</c>.</summary>
    public const double MaxTimeScale = 100_000;

    /// <summary>The one line for a failure to start: which flag, and how to fix it.</summary>
    public static string StartupError(Exception ex, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(options);
        string message = ex.Message.ReplaceLineEndings(" ").Trim();
        if (ex is IOException && (ex.InnerException?.GetType().Name == "AddressInUseException" || message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
        {
            return $"--urls {string.Join(';', options.Urls ?? [])}: the address is already in use; stop the process listening there or pass another --urls.";
        }

        return ex is InvalidDataException or System.Text.Json.JsonException && options.FleetFile is not null
            ? $"--fleet '{options.FleetFile}' is not a valid fleet file: {message} (format: src/Simulator/README.md)"
            : message;
    }

    /// <summary>Parses the command line.</summary>
    public static SimulatorOptions ParseArgs(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SimulatorOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"Missing value for {name}.");
            string key = name.Split('=')[0];
            string? inline = name.Contains('=', StringComparison.Ordinal) ? name[(name.IndexOf('=', StringComparison.Ordinal) + 1)..] : null;
            string Arg() => inline ?? Value();
            options = key switch
            {
                "--urls" => options with { Urls = Arg().Split(';', StringSplitOptions.RemoveEmptyEntries) },
                "--fleet" => options with { FleetFile = Arg() },
                "--time-scale" => options with { TimeScale = TimeScale(Arg()) },
                "--seed" => options with { Seed = int.TryParse(Arg(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) ? seed : throw new FormatException("--seed must be an integer.") },
                "--start" => options with
                {
                    Start = DateTimeOffset.TryParse(Arg(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
                        ? start
                        : throw new FormatException("--start must be an ISO-8601 time, e.g. 2025-01-01T18:30:00Z."),
                },
                _ => throw new FormatException($"Unknown argument '{name}'."),
            };
        }

        return options;
    }

    private static double TimeScale(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) && scale is >= 1 and <= MaxTimeScale
            ? scale
            : throw new FormatException($"--time-scale {text} is out of range: simulated seconds per real second, from 1 (real time) to {MaxTimeScale.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>True when something already listens on the URL's address and port (false when unknown or port 0).</summary>
    public static bool InUse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return false;
        }

        var address = uri.Host == "localhost" ? System.Net.IPAddress.Loopback : System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
        if (address is null)
        {
            return false;
        }

        try
        {
            using var socket = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Bind(new System.Net.IPEndPoint(address, uri.Port));
            return false;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse;
        }
    }
}
