using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Workflows.Ports;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>
/// Azure Monitor at the port level. Slot metrics follow the health of the build the slot serves at the
/// time of the query; plan metrics follow <see cref="ScenarioWorld.PlanCpu"/> at the plan's current
/// capacity. Points are per minute and cover the asked window; a window shorter than
/// <see cref="MinimumPoints"/> minutes (second-scale policies) gets that many minutes ending with it, so
/// the canary judge and the guard always have samples.
/// </summary>
internal sealed class FakeMetrics(ScenarioWorld world) : IMetricsClient
{
    /// <summary>Fewest per-minute points a query returns: one full period of the jitter below.</summary>
    public const int MinimumPoints = 6;

    // A fixed per-minute pattern (indexed by minute of the hour mod 6): any six consecutive minutes hold the
    // same values, so two windows of one healthy build are indistinguishable to the judge.
    private static readonly double[] HealthyErrors = [1, 0, 2, 1, 0, 1];
    private static readonly double[] HealthyLatency = [0.20, 0.21, 0.19, 0.22, 0.20, 0.18];
    private static readonly double[] DegradedErrors = [80, 95, 110, 90, 100, 85];
    private static readonly double[] DegradedLatency = [1.20, 1.25, 1.18, 1.30, 1.22, 1.27];

    /// <summary>Requests per minute on every slot.</summary>
    public const double RequestsPerMinute = 1000;

    /// <summary>Plan memory % (constant).</summary>
    public const double MemoryPercentage = 40;

    public Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var minutes = Minutes(query.Start, query.End);
        var result = string.Equals(query.MetricNamespace, MetricNames.PlanNamespace, StringComparison.OrdinalIgnoreCase)
            ? Plan(query, minutes)
            : Slot(query, minutes);
        return Task.FromResult(result);
    }

    public Task<IReadOnlyList<MetricResult>> QueryBatchAsync(MetricBatchQuery query, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The workflows query one resource at a time.");

    private MetricResult Slot(MetricQuery query, List<DateTimeOffset> minutes)
    {
        string slot = SlotNames.Normalize(AzureResourceId.Parse(query.ResourceId).Slot);
        var health = world.HealthOf(world.AppService.BuildIn(slot));
        var errors = health == BuildHealth.Degraded ? DegradedErrors : world.HealthyErrors ?? HealthyErrors;
        var latency = health == BuildHealth.Degraded ? DegradedLatency : HealthyLatency;
        double requests = health == BuildHealth.Silent ? 0 : RequestsPerMinute;
        var series = new List<MetricSeries>();
        foreach (string name in query.Names)
        {
            var points = name switch
            {
                MetricNames.Requests => minutes.Select(t => new MetricPoint(t, Total: requests)),
                MetricNames.Http5xx => minutes.Select(t => new MetricPoint(t, Total: errors[t.Minute % 6])),
                MetricNames.HttpResponseTime => minutes.Select(t => new MetricPoint(t, Average: latency[t.Minute % 6], Maximum: latency[t.Minute % 6] * 4)),
                MetricNames.RequestsInApplicationQueue => minutes.Select(t => new MetricPoint(t, Average: 0)),
                _ => throw new NotSupportedException($"No scripted slot metric '{name}'."),
            };
            series.Add(new MetricSeries(name, null, name == MetricNames.HttpResponseTime ? "Seconds" : "Count", [.. points]));
        }

        return new MetricResult(query.ResourceId, series);
    }

    private MetricResult Plan(MetricQuery query, List<DateTimeOffset> minutes)
    {
        int capacity = world.AppService.Capacity;
        double cpu = world.PlanCpu(capacity);
        var series = new List<MetricSeries>();
        if (query.SplitByInstance)
        {
            for (int i = 0; i < capacity; i++)
            {
                series.Add(new MetricSeries(MetricNames.CpuPercentage, $"RD{i:D4}", "Percent", [.. minutes.Select(t => new MetricPoint(t, Average: cpu))]));
            }

            return new MetricResult(query.ResourceId, series);
        }

        foreach (string name in query.Names)
        {
            double value = name switch
            {
                MetricNames.CpuPercentage => cpu,
                MetricNames.MemoryPercentage => MemoryPercentage,
                MetricNames.HttpQueueLength => 0,
                _ => throw new NotSupportedException($"No scripted plan metric '{name}'."),
            };
            series.Add(new MetricSeries(name, null, name == MetricNames.HttpQueueLength ? "Count" : "Percent", [.. minutes.Select(t => new MetricPoint(t, Average: value))]));
        }

        return new MetricResult(query.ResourceId, series);
    }

    /// <summary>Minute buckets from the start's minute up to the end (exclusive), at least <see cref="MinimumPoints"/> of them.</summary>
    private static List<DateTimeOffset> Minutes(DateTimeOffset start, DateTimeOffset end)
    {
        var first = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero);
        var minutes = new List<DateTimeOffset>();
        for (var t = first; t < end; t = t.AddMinutes(1))
        {
            minutes.Add(t);
        }

        while (minutes.Count < MinimumPoints)
        {
            minutes.Insert(0, (minutes.Count == 0 ? first : minutes[0]).AddMinutes(-1));
        }

        return minutes;
    }
}
