using Seamless.Workflows.Activities;

namespace Seamless.ScaleInDisruption.Bench;

/// <summary>
/// Azure autoscale's documented example rule for the scale-in side (anchors §2.2): every minute, when the plan's
/// CPU averaged over the last 10 minutes is ≤ 60 %, remove one instance — unless the flapping check projects the
/// average onto one instance fewer at or above the 80 % scale-out threshold — then wait the 5-minute cooldown;
/// never below the profile minimum (2, Seamless's default too). The rules read the same Azure Monitor metrics.
/// </summary>
internal sealed class RuleScaler(BenchContext bench) : IScaler
{
    private const double InThreshold = 60;
    private const double OutThreshold = 80;
    private const int Minimum = 2;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, DateTimeOffset> _lastAction = [];

    public async Task StepAsync(DateTimeOffset now)
    {
        foreach (var p in BenchFleet.Plans)
        {
            if (bench.Busy(p.Plan) || (_lastAction.TryGetValue(p.Plan, out var last) && now - last < Cooldown))
            {
                continue;
            }

            string planId = BenchFleet.PlanId(p.Plan);
            var plan = await bench.AppService.GetPlanAsync(planId, CancellationToken.None);
            var end = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
            var metrics = await bench.Activities.ReadPlanMetricsAsync(new PlanMetricsRequest(planId, end - Window, end), CancellationToken.None);
            var cpu = metrics.Minutes.Where(m => m.CpuPercentage is not null).Select(m => m.CpuPercentage!.Value).ToList();
            if (cpu.Count == 0 || plan.Capacity <= Minimum)
            {
                continue;
            }

            double average = cpu.Average();
            if (average <= InThreshold && average * plan.Capacity / (plan.Capacity - 1) < OutThreshold)
            {
                await bench.SetCapacityAsync(p.Plan, plan.Capacity - 1);
                _lastAction[p.Plan] = now;
            }
        }
    }
}
