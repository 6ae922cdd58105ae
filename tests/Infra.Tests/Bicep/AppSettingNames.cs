using System.Text.RegularExpressions;

namespace Seamless.Infra.Tests.Bicep;

/// <summary>Finds the app setting names a compiled template can write.</summary>
public static partial class AppSettingNames
{
    /// <summary>
    /// Every <c>Seamless__…</c> name in the template and its modules: JSON property names, string values
    /// and the string literals inside ARM expressions (<c>createObject('Seamless__…', …)</c>,
    /// <c>format('Seamless__Managed__Sites__{0}', …)</c>). A format placeholder stands for a list index
    /// and becomes 0.
    /// </summary>
    public static IReadOnlyList<string> Seamless(ArmTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Root.Strings()
            .SelectMany(Literals)
            .Where(s => SeamlessName().IsMatch(s))
            .Select(s => Placeholder().Replace(s, "0"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every name/value pair <c>'Seamless__…', '…'</c> with a literal value in an evaluated expression (a snapshot's).</summary>
    public static IReadOnlyDictionary<string, string> LiteralSeamlessPairs(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return SeamlessPair().Matches(expression)
            .GroupBy(m => m.Groups["name"].Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>The configuration key an app setting name stands for: <c>__</c> separates sections.</summary>
    public static string ToConfigurationKey(string settingName)
    {
        ArgumentNullException.ThrowIfNull(settingName);
        return settingName.Replace("__", ":", StringComparison.Ordinal);
    }

    private static IEnumerable<string> Literals(string text) =>
        text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal)
            ? QuotedLiteral().Matches(text).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal))
            : [text];

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex QuotedLiteral();

    [GeneratedRegex(@"^Seamless__[A-Za-z0-9_{}]+$")]
    private static partial Regex SeamlessName();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"'(?<name>Seamless__[A-Za-z0-9_]+)', '(?<value>(?:[^']|'')*)'")]
    private static partial Regex SeamlessPair();
}
