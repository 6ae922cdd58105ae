using System.CommandLine.Parsing;
using System.Globalization;
using Seamless.Core.Payloads;

namespace Seamless.Host.Cli;

/// <summary>
/// Parsers for numeric and time options whose refusal names the option and what it takes, in the user's terms: the
/// command line's own parser names the .NET type it expected (<c>System.Nullable`1[System.Int32]</c>).
/// </summary>
public static class CliNumbers
{
    /// <summary>A whole number (invariant culture).</summary>
    public static int WholeNumber(ArgumentResult result) => Parse(result, (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    /// <summary>An optional whole number.</summary>
    public static int? OptionalWholeNumber(ArgumentResult result) => WholeNumber(result);

    /// <summary>A finite number with a decimal point, not a comma (invariant culture).</summary>
    public static double Number(ArgumentResult result) =>
        Parse(result, (string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value));

    /// <summary>An optional finite number.</summary>
    public static double? OptionalNumber(ArgumentResult result) => Number(result);

    /// <summary>An optional instant: ISO 8601, UTC unless it states an offset.</summary>
    public static DateTimeOffset? OptionalInstant(ArgumentResult result) =>
        Parse(result, (string text, out DateTimeOffset value) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value));

    private delegate bool TryParse<T>(string text, out T value);

    private static T Parse<T>(ArgumentResult result, TryParse<T> tryParse)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(result);
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (tryParse(token.Trim(), out T value))
        {
            return value;
        }

        string option = result.Parent is OptionResult parent ? parent.Option.Name : "the argument";
        result.AddError($"{option} takes {ValueDescription.Of(typeof(T))}, not '{token}'.");
        return default;
    }
}
