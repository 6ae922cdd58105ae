namespace Seamless.Core.Canary;

/// <summary>The samples of one metric, e.g. one value per minute.</summary>
/// <param name="Baseline">Samples of the baseline (production, or production before the swap).</param>
/// <param name="Canary">Samples of the canary (the slot under test, or production after the swap).</param>
public sealed record MetricSamples(IReadOnlyList<double> Baseline, IReadOnlyList<double> Canary);

/// <summary>What the judge sees: samples per metric name (matched case-insensitively).</summary>
/// <param name="Metrics">Samples by metric name; a missing name means no data.</param>
public sealed record CanaryObservations(IReadOnlyDictionary<string, MetricSamples> Metrics);
