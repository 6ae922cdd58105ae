using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Black box (issue 3): <c>seamless serve</c> against a standalone simulator, SIGKILLed in the middle
/// of an upgrade and started again on the same data: the upgrade completes and the simulator saw one swap.
/// </summary>
[LongRunning]
public sealed class UpgradeKillTests(ITestOutputHelper output)
{
    public static TheoryData<KillPoint> Points => new()
    {
        new KillPoint("WarmingUp", "WarmingUp"),
        new KillPoint("Canary", "Canary"),
        new KillPoint("Guarding", "Guarding"),
    };

    [Theory]
    [MemberData(nameof(Points))]
    public Task Serve_KilledMidUpgradeAndRestarted_PromotesWithExactlyOneSwap(KillPoint point) =>
        UpgradeKillScenario.RunAsync(point, output);
}
