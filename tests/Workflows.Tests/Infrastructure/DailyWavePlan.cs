using Seamless.Core.Model;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.Tests.Infrastructure;

/// <summary>A plan of two instances whose CPU follows a daily wave, for tests of the learned headroom's reads.</summary>
internal static class DailyWavePlan
{
    /// <summary>An instance's CPU at a minute; busy instances = the two instances' sum / 100.</summary>
    public static double Cpu(DateTimeOffset t, int instance) => 40 + (20 * Math.Sin(t.ToUnixTimeSeconds() / 86_400.0 * 2 * Math.PI)) + (5 * instance);

    /// <summary>The busy instances at a minute.</summary>
    public static double Busy(DateTimeOffset t) => (Cpu(t, 0) + Cpu(t, 1)) / 100;

    /// <summary>The plan's metrics over [from, to), as the activities read them.</summary>
    public static PlanMetrics Metrics(DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = Enumerable.Range(0, (int)(to - from).TotalMinutes).Select(i => from.AddMinutes(i)).ToList();
        return new PlanMetrics(
            minutes.Select(t => new PlanMinute(t, (Cpu(t, 0) + Cpu(t, 1)) / 2, 50, 0)).ToList(),
            [.. Enumerable.Range(0, 2).Select(i => new InstanceCpuSeries("instance-" + i, minutes.Select(t => (double?)Cpu(t, i)).ToList()))]);
    }

    /// <summary>Azure Monitor for the plan, for any window; counts the per-instance minutes each query spans.</summary>
    public sealed class Monitor : IMetricsClient
    {
        private int _minutesRead;

        public int TakeMinutesRead() => Interlocked.Exchange(ref _minutesRead, 0);

        public Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
        {
            var minutes = Enumerable.Range(0, (int)(query.End - query.Start).TotalMinutes).Select(i => query.Start.AddMinutes(i)).ToList();
            if (query.SplitByInstance)
            {
                Interlocked.Add(ref _minutesRead, minutes.Count);
                return Task.FromResult(new MetricResult(query.ResourceId, [.. Enumerable.Range(0, 2).Select(i =>
                    new MetricSeries(MetricNames.CpuPercentage, "instance-" + i, "Percent", minutes.Select(t => new MetricPoint(t, Cpu(t, i))).ToList()))]));
            }

            return Task.FromResult(new MetricResult(query.ResourceId,
            [
                new MetricSeries(MetricNames.CpuPercentage, null, "Percent", minutes.Select(t => new MetricPoint(t, (Cpu(t, 0) + Cpu(t, 1)) / 2)).ToList()),
                new MetricSeries(MetricNames.MemoryPercentage, null, "Percent", minutes.Select(t => new MetricPoint(t, 50)).ToList()),
                new MetricSeries(MetricNames.HttpQueueLength, null, "Count", minutes.Select(t => new MetricPoint(t, 0)).ToList()),
            ]));
        }

        public Task<IReadOnlyList<MetricResult>> QueryBatchAsync(MetricBatchQuery query, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The learned headroom reads one plan at a time.");
    }
}
