using System.CommandLine;
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
        var cli = new SimulatorCommand();
        cli.Root.SetAction((result, _) => RunAsync(cli.Read(result)));
        var parse = cli.Root.Parse(args);
        if (FirstError(parse) is { } error)
        {
            await Console.Error.WriteLineAsync($"{Name}: {error} (usage: {Usage})");
            return 2;
        }

        // The default handler would print "Unhandled exception" and a stack trace; start-up failures are one line below.
        // Ctrl+C stays the hosting layer's (WaitForShutdownAsync), which stops the server gracefully.
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }

    private static async Task<int> RunAsync(SimulatorOptions options)
    {
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
            Console.WriteLine($"Seamless simulator listening on {host.BaseAddress} ({(host.Clock is Core.Time.DrivenClock ? "driven time" : "time scale " + host.State.TimeScale.ToString(CultureInfo.InvariantCulture))}, simulated start {host.State.Start:O}).");
            await host.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>The program name in error lines.</summary>
    public const string Name = "Seamless.Simulator";

    /// <summary>The usage line.</summary>
    public const string Usage = "Seamless.Simulator --urls http://127.0.0.1:PORT [--fleet FILE] [--time-scale N | --driven-time] [--seed N] [--start ISO-8601]";

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
    /// <exception cref="FormatException">A usage mistake (the message is the one line naming the flag).</exception>
    public static SimulatorOptions ParseArgs(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cli = new SimulatorCommand();
        var parse = cli.Root.Parse([.. args]);
        return FirstError(parse) is { } error ? throw new FormatException(error) : cli.Read(parse);
    }

    /// <summary>The first usage mistake as one line, or null; a stray word is named as the old parser did.</summary>
    private static string? FirstError(ParseResult parse) =>
        parse.UnmatchedTokens.Count > 0 ? $"Unknown argument '{parse.UnmatchedTokens[0]}'."
        : parse.Errors.Count > 0 ? parse.Errors[0].Message
        : null;

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
