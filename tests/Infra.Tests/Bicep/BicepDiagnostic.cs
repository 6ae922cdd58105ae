using System.Text.RegularExpressions;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>One compiler or linter diagnostic: <c>path(line,column) : Level code: message</c>.</summary>
public sealed partial record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    /// <summary>Parses every diagnostic line of the compiler's stderr; other lines are ignored.</summary>
    public static IReadOnlyList<BicepDiagnostic> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DiagnosticLine().Matches(text)
            .Select(m => new BicepDiagnostic(
                m.Groups["file"].Value,
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["level"].Value,
                m.Groups["code"].Value,
                m.Groups["message"].Value.Trim()))
            .Distinct()
            .ToArray();
    }

    public override string ToString() => $"{File}({Line},{Column}) : {Level} {Code}: {Message}";

    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[A-Za-z0-9-]+): (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}
