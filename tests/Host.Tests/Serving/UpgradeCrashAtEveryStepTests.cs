using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Crash at every step (issue 8) for the short upgrade steps before the approval: a hold on the step's Azure call
/// keeps the step open (activity started, result not recorded) while the Host is SIGKILLed and restarted, then the
/// hold is released. The smoke case holds only the smoke probe. The approval and swap steps are in
/// <see cref="UpgradeCrashAtApprovalAndSwapTests"/> (a class of its own, so the two halves run side by side), the
/// long steps (warm-up, canary, guard) in <see cref="UpgradeKillTests"/>.
/// </summary>
[LongRunning]
public sealed class UpgradeCrashAtEveryStepTests(ITestOutputHelper output)
{
    private const string StagingSettings = "/sites/app-demo/slots/staging/config/appsettings/list";

    private const string ProductionSettings = "/sites/app-demo/config/appsettings/list";

    private static readonly KillPoint[] Cases =
    [
        new("Validating-getSite", "Validating", new HeldCall("getSite")),

        // The build identity step reads the sticky names (and both slots' app settings).
        new("Validating-getSlotConfigNames", "Validating", new HeldCall("getSlotConfigNames")),

        // Leasing makes no platform call: the kill lands just after it, in the config diff's read of the source slot's
        // settings. Validation reads them too (staging, then production): the diff's read is the first after
        // validation's read of production's.
        new("ConfigDiff-listAppSettings", "ConfigDiff", new HeldCall("listAppSettings", Target: StagingSettings))
        {
            After = new HeldCall("listAppSettings", Target: ProductionSettings),
        },
        new("Preparing-applySlotConfig", "Preparing", new HeldCall("applySlotConfig")),

        // The smoke probe (one path, through the slot host name) is held on that path only; while it is held, simulated
        // time stands still, so the probe's own timeout cannot end it.
        new("Smoke-probe", "Smoke", new HeldCall("web", Target: "/smoke"))
        {
            PassedGate = "smoke",
            Policy = new { smokePaths = new[] { "/smoke" } },
        },
    ];

    /// <summary>Case names (serializable, so each case can be run on its own with a filter).</summary>
    public static TheoryData<string> Points => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Points))]
    public Task Serve_KilledInsideStepAndRestarted_EndsAsTheOperatorDecidedWithAtMostOneSwap(string point) =>
        UpgradeKillScenario.RunAsync(Cases.Single(c => c.Name == point), output);
}
