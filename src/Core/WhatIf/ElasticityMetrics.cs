namespace Seamless.Core.WhatIf;

/// <summary>
/// The SPEC Research Group's elasticity metrics of one policy over a trace: how far and how long the supplied
/// resources missed the demand, and how restless the supply was (see <see cref="SpecElasticity"/> for the definitions).
/// </summary>
/// <param name="AccuracyUnderPercent">θU: average share of the demand not supplied, relative to the demand (%).</param>
/// <param name="AccuracyOverPercent">θO: average supply beyond the demand, relative to the demand (%).</param>
/// <param name="TimeshareUnderPercent">τU: share of time under-provisioned (%).</param>
/// <param name="TimeshareOverPercent">τO: share of time over-provisioned (%).</param>
/// <param name="InstabilityPercent">υ: share of time steps in which supply and demand do not move in the same direction (%).</param>
/// <param name="JitterPerHour">j: supply adaptations minus demand adaptations, per hour (negative: supply adapts less often than demand).</param>
public sealed record ElasticityMetrics(
    double AccuracyUnderPercent,
    double AccuracyOverPercent,
    double TimeshareUnderPercent,
    double TimeshareOverPercent,
    double InstabilityPercent,
    double JitterPerHour);
