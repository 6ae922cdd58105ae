using System.Text.Json.Serialization;

namespace Seamless.Core.Canary;

/// <summary>The alternative hypothesis of a Mann-Whitney test, about the first sample relative to the second.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MannWhitneyAlternative>))]
public enum MannWhitneyAlternative
{
    /// <summary>The samples differ in either direction.</summary>
    TwoSided,

    /// <summary>The first sample tends to be larger.</summary>
    Greater,

    /// <summary>The first sample tends to be smaller.</summary>
    Less,
}

/// <summary>How a p-value was computed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MannWhitneyMethod>))]
public enum MannWhitneyMethod
{
    /// <summary>Exact null distribution (small samples without ties).</summary>
    Exact,

    /// <summary>Normal approximation with tie correction and continuity correction.</summary>
    NormalApproximation,
}

/// <summary>Result of a Mann-Whitney U test.</summary>
/// <param name="U1">U of the first sample: pairs (x, y) with x &gt; y, ties counting one half.</param>
/// <param name="U2">U of the second sample; U1 + U2 = n1·n2.</param>
/// <param name="PValue">The p-value, in [0, 1].</param>
/// <param name="Z">The continuity-corrected z statistic, or null for the exact method.</param>
/// <param name="Method">How the p-value was computed.</param>
/// <param name="Alternative">The alternative tested.</param>
/// <param name="N1">Size of the first sample.</param>
/// <param name="N2">Size of the second sample.</param>
public sealed record MannWhitneyResult(
    double U1,
    double U2,
    double PValue,
    double? Z,
    MannWhitneyMethod Method,
    MannWhitneyAlternative Alternative,
    int N1,
    int N2)
{
    /// <summary>Returns whether the result is significant at a confidence level (p ≤ 1 − level).</summary>
    /// <param name="confidenceLevel">The confidence level, in (0, 1).</param>
    /// <returns>True when the null hypothesis is rejected.</returns>
    public bool IsSignificantAt(double confidenceLevel) => PValue <= 1.0 - confidenceLevel;
}
