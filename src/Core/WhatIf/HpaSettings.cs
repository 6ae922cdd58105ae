using System.Globalization;

namespace Seamless.Core.WhatIf;

/// <summary>The settings of a Kubernetes HPA on CPU. <see cref="Default"/> is autoscaling/v2's default behaviour with a 60 % target (anchors-digest §2.8).</summary>
/// <param name="TargetUtilisation">Target CPU utilisation (%).</param>
/// <param name="Tolerance">No change while |ratio − 1| ≤ this (0.1 = 10 %).</param>
/// <param name="StabilisationMinutes">Scale-down stabilisation window: the highest recommendation of this many minutes wins (≥ 1).</param>
public sealed record HpaSettings(double TargetUtilisation, double Tolerance, int StabilisationMinutes)
{
    /// <summary>Target utilisation of the default comparison (%).</summary>
    public const double DefaultTargetUtilisation = 60;

    /// <summary>HPA's default tolerance.</summary>
    public const double DefaultTolerance = 0.1;

    /// <summary>HPA's default scale-down stabilisation (300 s).</summary>
    public const int DefaultStabilisationMinutes = 5;

    /// <summary>Gets the defaults: target 60 %, tolerance 10 %, stabilisation 5 minutes.</summary>
    public static HpaSettings Default { get; } = new(DefaultTargetUtilisation, DefaultTolerance, DefaultStabilisationMinutes);

    /// <summary>The settings as named values, in a fixed order (JSON <c>parameters</c>).</summary>
    /// <returns>Name → value.</returns>
    public IReadOnlyDictionary<string, double> ToParameters() => new Dictionary<string, double>
    {
        ["targetUtilisation"] = TargetUtilisation,
        ["tolerance"] = Tolerance,
        ["stabilisationMinutes"] = StabilisationMinutes,
    };

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"target {TargetUtilisation:0.#} %, tolerance {Tolerance * 100:0.#} %, stabilisation {StabilisationMinutes} min");
}
