using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Seamless.Simulator;

/// <summary>The standalone simulator's command line (System.CommandLine, as the <c>seamless</c> CLI), read into <see cref="SimulatorOptions"/>.</summary>
internal sealed class SimulatorCommand
{
    private readonly Option<string[]?> _urls = new("--urls") { Description = "Listen URLs, ';'-separated (e.g. http://127.0.0.1:5077).", CustomParser = ParseUrls };
    private readonly Option<string?> _fleet = new("--fleet") { Description = "Fleet JSON file (format: src/Simulator/README.md); default: the built-in fleet." };
    private readonly Option<double?> _timeScale = new("--time-scale") { Description = $"Simulated seconds per real second, 1 to {Program.MaxTimeScale.ToString(CultureInfo.InvariantCulture)}.", CustomParser = ParseTimeScale };
    private readonly Option<int?> _seed = new("--seed") { Description = "Seed of the simulated load's noise.", CustomParser = ParseSeed };
    private readonly Option<DateTimeOffset?> _start = new("--start") { Description = "Simulated start time, ISO-8601 (e.g. 2025-01-01T18:30:00Z).", CustomParser = ParseStart };
    private readonly Option<bool> _drivenTime = new("--driven-time") { Description = "Simulated time stands still until the caller moves it: a Host on virtual time (serve --azure-endpoint URL --virtual-time) drives it. Not with --time-scale." };

    public SimulatorCommand()
    {
        Root = new RootCommand("Seamless simulator: the Azure APIs Seamless calls, over a simulated fleet.") { _urls, _fleet, _timeScale, _seed, _start, _drivenTime };
        Root.Validators.Add(result =>
        {
            if (result.GetResult(_drivenTime) is { Implicit: false } && result.GetResult(_timeScale) is { Implicit: false })
            {
                result.AddError("--driven-time and --time-scale are mutually exclusive: driven time does not run at a speed.");
            }
        });
    }

    /// <summary>Gets the root command.</summary>
    public RootCommand Root { get; }

    /// <summary>Reads a parse without errors; an option not given keeps <see cref="SimulatorOptions"/>' default.</summary>
    public SimulatorOptions Read(ParseResult parse)
    {
        var options = new SimulatorOptions();
        return options with
        {
            Urls = Given(parse, _urls) ?? options.Urls,
            FleetFile = Given(parse, _fleet) ?? options.FleetFile,
            TimeScale = Given(parse, _timeScale) ?? options.TimeScale,
            Seed = Given(parse, _seed) ?? options.Seed,
            Start = Given(parse, _start) ?? options.Start,
            DrivenTime = parse.GetValue(_drivenTime),
        };
    }

    // Null when the option is absent: an array option would otherwise read as empty rather than unset.
    private static T? Given<T>(ParseResult parse, Option<T?> option) => parse.GetResult(option) is null ? default : parse.GetValue(option);

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;

    private static string[]? ParseUrls(ArgumentResult result) => Token(result).Split(';', StringSplitOptions.RemoveEmptyEntries);

    private static double? ParseTimeScale(ArgumentResult result)
    {
        string text = Token(result);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) && scale is >= 1 and <= Program.MaxTimeScale)
        {
            return scale;
        }

        result.AddError($"--time-scale {text} is out of range: simulated seconds per real second, from 1 (real time) to {Program.MaxTimeScale.ToString(CultureInfo.InvariantCulture)}.");
        return null;
    }

    private static int? ParseSeed(ArgumentResult result)
    {
        if (int.TryParse(Token(result), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed))
        {
            return seed;
        }

        result.AddError("--seed must be an integer.");
        return null;
    }

    private static DateTimeOffset? ParseStart(ArgumentResult result)
    {
        if (DateTimeOffset.TryParse(Token(result), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            return start;
        }

        result.AddError("--start must be an ISO-8601 time, e.g. 2025-01-01T18:30:00Z.");
        return null;
    }
}
