using System.Globalization;

namespace Seamless.Host.Cli;

/// <summary>Durations on the command line: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>600</c> (seconds) or <c>hh:mm:ss</c>.</summary>
public static class CliDuration
{
    /// <summary>Parses a positive duration; null when the text is not one.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        char unit = text[^1];
        string number = char.IsLetter(unit) ? text[..^1] : text;
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value > 0)
        {
            TimeSpan? span = unit switch
            {
                's' or 'S' => TimeSpan.FromSeconds(value),
                'm' or 'M' => TimeSpan.FromMinutes(value),
                'h' or 'H' => TimeSpan.FromHours(value),
                _ when char.IsDigit(unit) => TimeSpan.FromSeconds(value),
                _ => null,
            };
            return span;
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero ? parsed : null;
    }

    /// <summary>A System.CommandLine parser for a duration option.</summary>
    public static TimeSpan? ParseArgument(System.CommandLine.Parsing.ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (Parse(token) is { } span)
        {
            return span;
        }

        result.AddError($"'{token}' is not a duration: use e.g. 90s, 30m, 2h, 600 (seconds) or 00:30:00.");
        return null;
    }
}
