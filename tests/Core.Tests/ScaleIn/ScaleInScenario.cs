using Seamless.Core.ScaleIn;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>Builds contexts around one healthy plan that is eligible for a one-instance scale-in.</summary>
internal static class ScaleInScenario
{
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    /// <summary>6 instances, CPU 30 %, memory 40 %, no queue, hottest instance 32 %, quiet for an hour, a light day yesterday.</summary>
    public static ScaleInContext Eligible(int capacity = 6, double cpu = 30, double memory = 40, double queue = 0, double hottest = 32) => new()
    {
        PlanId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-a",
        Now = Now,
        Capacity = capacity,
        MaxWorkers = 30,
        Samples = Samples(cpu, memory, queue),
        PerInstanceCpu = Instances(capacity, hottest),
        LastCapacityChangeAt = Now.AddHours(-1),
        Seasonal = new SeasonalPeaks(YesterdayPeak: 1.5, LastWeekPeak: 1.2),
    };

    /// <summary>The same plan nearly idle: CPU and memory 10 %, hottest instance 12 %.</summary>
    public static ScaleInContext Light() => Eligible(cpu: 10, memory: 10, hottest: 12);

    public static SignalSamples Samples(double cpu, double memory = 40, double queue = 0, int minutes = 10) =>
        new(Repeat(cpu, minutes), Repeat(memory, minutes), Repeat(queue, minutes));

    public static IReadOnlyList<InstanceCpu> Instances(int count, double hottest) =>
        Enumerable.Range(0, count).Select(i => new InstanceCpu($"in{i}", hottest - (i == 0 ? 0 : 2), hottest - (i == 0 ? 0 : 2))).ToList();

    public static IReadOnlyList<double?> Repeat(double value, int minutes) =>
        Enumerable.Repeat<double?>(value, minutes).ToList();

    public static IReadOnlyList<double?> WithGap(double value, int minutes, int gapAt)
    {
        var list = Enumerable.Repeat<double?>(value, minutes).ToList();
        list[gapAt] = null;
        return list;
    }

    public static ScaleInContext WithCapacity(this ScaleInContext context, int capacity, double hottest = 32) =>
        context with { Capacity = capacity, PerInstanceCpu = Instances(capacity, hottest) };
}
