using System.Globalization;

namespace Seamless.Core.WhatIf;

/// <summary>
/// The settings of an Azure autoscale CPU rule pair (scale-out and scale-in on the same metric, ChangeCount
/// steps of the same size). <see cref="Default"/> is the documented example (anchors-digest §2.2).
/// </summary>
/// <param name="OutThreshold">Scale out when the window's average plan CPU is ≥ this (%).</param>
/// <param name="InThreshold">Scale in when it is ≤ this (%).</param>
/// <param name="WindowMinutes">The rule's <c>timeWindow</c> (average over a 1-minute <c>timeGrain</c>).</param>
/// <param name="CooldownMinutes">The <c>cooldown</c> after any scale action.</param>
/// <param name="Step">Instances added or removed per action (<c>ChangeCount</c>).</param>
public sealed record AzureAutoscaleSettings(double OutThreshold, double InThreshold, int WindowMinutes, int CooldownMinutes, int Step)
{
    /// <summary>The documented example's scale-out threshold (CPU ≥ 80 %).</summary>
    public const double DefaultOutThreshold = 80;

    /// <summary>The documented example's scale-in threshold (CPU ≤ 60 %).</summary>
    public const double DefaultInThreshold = 60;

    /// <summary>The documented example's time window (PT10M).</summary>
    public const int DefaultWindowMinutes = 10;

    /// <summary>The documented example's cooldown (PT5M).</summary>
    public const int DefaultCooldownMinutes = 5;

    /// <summary>Gets the documented example: out ≥ 80 %, in ≤ 60 %, 10-minute window, 5-minute cooldown, ±1 instance.</summary>
    public static AzureAutoscaleSettings Default { get; } = new(DefaultOutThreshold, DefaultInThreshold, DefaultWindowMinutes, DefaultCooldownMinutes, 1);

    /// <summary>The settings as named values, in a fixed order (JSON <c>parameters</c>).</summary>
    /// <returns>Name → value.</returns>
    public IReadOnlyDictionary<string, double> ToParameters() => new Dictionary<string, double>
    {
        ["outThreshold"] = OutThreshold,
        ["inThreshold"] = InThreshold,
        ["windowMinutes"] = WindowMinutes,
        ["cooldownMinutes"] = CooldownMinutes,
        ["step"] = Step,
    };

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"out ≥ {OutThreshold:0.#} %, in ≤ {InThreshold:0.#} %, window {WindowMinutes} min, cooldown {CooldownMinutes} min, step {Step}");
}
