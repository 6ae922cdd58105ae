using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Crash at every step (issue 8) for the short upgrade steps: a one-off delay on the step's Azure call
/// holds the step open so the SIGKILL lands inside it (activity started, result not recorded); the
/// swap case kills once the platform has accepted the swap but before the Host has seen it complete.
/// The long steps (warm-up, canary, guard) are in <see cref="UpgradeKillTests"/>.
/// </summary>
public sealed class UpgradeCrashAtEveryStepTests(ITestOutputHelper output)
{
    public static TheoryData<KillPoint> Points => new()
    {
        new KillPoint("Validating-getSite", "Validating", StretchOperation: "getSite"),
        new KillPoint("Leased-listAppSettings", "Leasing", StretchOperation: "listAppSettings"),
        new KillPoint("ConfigDiff-getSlotConfigNames", "ConfigDiff", StretchOperation: "getSlotConfigNames"),
        new KillPoint("Preparing-applySlotConfig", "Preparing", StretchOperation: "applySlotConfig"),
        new KillPoint("Swapping-swapInFlight", "Swapping", AfterSwapAccepted: true),
    };

    [Theory]
    [MemberData(nameof(Points))]
    public Task Serve_KilledInsideStepAndRestarted_PromotesWithExactlyOneSwap(KillPoint point) =>
        UpgradeKillScenario.RunAsync(point, output);
}
