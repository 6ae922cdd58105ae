using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>Builds contexts around one healthy plan that is eligible for a one-instance scale-in.</summary>
internal static class ScaleInScenario
{
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A fixed policy so the cases do not move when the tuned defaults do: CPU line 70 and margin 10
    /// (limit 60), memory limit 70, queue limit 9, hottest instance 85, tolerance 10 %, cooldown 10 min,
    /// one instance per 10 min, one-instance steps, seasonal horizon 60 min. Fixed headroom: these cases are
    /// about the CPU-line rules (the learned headroom has its own cases).
    /// </summary>
    public static readonly ScaleInPolicy Policy = new()
    {
        Headroom = HeadroomMode.Fixed,
        ScaleOutCpu = 70,
        Margin = 10,
        ScaleOutMemory = 80,
        ScaleOutQueuePerInstance = 10,
        HottestInstanceLimit = 85,
        Tolerance = 0.10,
        Cooldown = TimeSpan.FromMinutes(10),
        RateLimitInstances = 1,
        RateLimitPeriod = TimeSpan.FromMinutes(10),
        MaxStep = 1,
        SeasonalHorizon = TimeSpan.FromMinutes(60),
    };

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
