namespace Seamless.Simulator.Model;

/// <summary>A resource Azure Monitor serves metrics of: a plan or a slot, its plan, its namespace and region.</summary>
/// <param name="Resource">The <see cref="PlanModel"/> or <see cref="SlotModel"/>.</param>
/// <param name="Plan">The plan (itself for a plan).</param>
/// <param name="Namespace">The metric namespace (resource type).</param>
/// <param name="Region">The region (lower case, no spaces).</param>
internal sealed record MetricResource(object Resource, PlanModel Plan, string Namespace, string Region);

/// <summary>The aggregates of one metric over a time grain.</summary>
internal readonly record struct MetricStats(double Average, double Minimum, double Maximum, double Total, double Count);
