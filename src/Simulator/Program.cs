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
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync("usage: Seamless.Simulator --urls http://127.0.0.1:PORT [--fleet FILE] [--time-scale N] [--seed N] [--start ISO-8601]");
            return 2;
        }

        await using var host = await SimulatorHost.StartAsync(options, LogLevel.Information, CancellationToken.None);
        Console.WriteLine($"Seamless simulator listening on {host.BaseAddress} (time scale {host.State.TimeScale.ToString(CultureInfo.InvariantCulture)}, simulated start {host.State.Start:O}).");
        await host.WaitForShutdownAsync();
        return 0;
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
                "--time-scale" => options with { TimeScale = double.Parse(Arg(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Arg(), CultureInfo.InvariantCulture) },
                "--start" => options with { Start = DateTimeOffset.Parse(Arg(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) },
                _ => throw new FormatException($"Unknown argument '{name}'."),
            };
        }

        return options;
    }
}
