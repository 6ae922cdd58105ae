namespace Seamless.Core.ScaleIn;

/// <summary>Latest and stabilised (maximum over the window) value of each capacity signal; null without data.</summary>
internal sealed record StabilisedSignals(
    double? CpuLatest,
    double? Cpu,
    double? MemoryLatest,
    double? Memory,
    double? QueueLatest,
    double? Queue,
    double? HottestLatest,
    double? Hottest)
{
    public static StabilisedSignals From(ScaleInContext context, int windowMinutes)
    {
        var samples = context.Samples;
        var instances = context.PerInstanceCpu;
        return new StabilisedSignals(
            Latest(samples.CpuPercent),
            Max(samples.CpuPercent, windowMinutes),
            Latest(samples.MemoryPercent),
            Max(samples.MemoryPercent, windowMinutes),
            Latest(samples.HttpQueuePerInstance),
            Max(samples.HttpQueuePerInstance, windowMinutes),
            MaxOf(instances.Select(i => i.Latest)),
            MaxOf(instances.Select(i => i.Stabilised)));
    }

    /// <summary>Stabilised value, latest value and limit of each signal, in <see cref="CapacitySignal"/> order.</summary>
    public IEnumerable<(CapacitySignal Signal, double? Latest, double? Stabilised, double Limit)> Each(ScaleInPolicy policy)
    {
        yield return (CapacitySignal.Cpu, CpuLatest, Cpu, policy.CpuLimit);
        yield return (CapacitySignal.Memory, MemoryLatest, Memory, policy.MemoryLimit);
        yield return (CapacitySignal.HttpQueuePerInstance, QueueLatest, Queue, policy.QueuePerInstanceLimit);
        yield return (CapacitySignal.HottestInstanceCpu, HottestLatest, Hottest, policy.HottestInstanceLimit);
    }

    internal static IEnumerable<double?> Tail(IReadOnlyList<double?> samples, int windowMinutes) =>
        samples.Skip(Math.Max(0, samples.Count - windowMinutes));

    private static double? Latest(IReadOnlyList<double?> samples) => samples.Count == 0 ? null : samples[^1];

    private static double? Max(IReadOnlyList<double?> samples, int windowMinutes) => MaxOf(Tail(samples, windowMinutes));

    private static double? MaxOf(IEnumerable<double?> values)
    {
        double? max = null;
        foreach (var value in values)
        {
            if (value is { } v && (max is null || v > max))
            {
                max = v;
            }
        }

        return max;
    }
}
