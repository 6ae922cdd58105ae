using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Black box (issue 3): <c>seamless serve</c> against a standalone simulator, SIGKILLed in the middle
/// of an upgrade and started again on the same data: the upgrade completes and the simulator saw one swap.
/// Each long step is held at one of its calls while the Host is killed and restarted: a warm-up probe of the
/// staging host (held, it keeps simulated time still, so its timeout cannot end it), the first canary
/// routing write, and the guard's first read of production's metrics (placed once the swap is accepted: the
/// canary reads production's metrics too).
/// </summary>
[LongRunning]
public sealed class UpgradeKillTests(ITestOutputHelper output)
{
    /// <summary>Production's own metrics (the staging slot's path has <c>/slots/staging</c> in between).</summary>
    private const string ProductionMetrics = "/sites/app-demo/providers/Microsoft.Insights/metrics";

    public static TheoryData<KillPoint> Points => new()
    {
        new KillPoint("WarmingUp", "WarmingUp", new HeldCall("web", Target: "app-demo-staging.azurewebsites.net")),
        new KillPoint("Canary", "Canary", new HeldCall("setRouting")),
        new KillPoint("Guarding", "Guarding", new HeldCall("metrics", Target: ProductionMetrics)) { After = new HeldCall("slotsswap", "lroHold") },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public Task Serve_KilledMidUpgradeAndRestarted_PromotesWithExactlyOneSwap(KillPoint point) =>
        UpgradeKillScenario.RunAsync(point, output);
}
