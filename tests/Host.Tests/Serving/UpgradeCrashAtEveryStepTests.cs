using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Crash at every step (issue 8) for the short upgrade steps: a hold on the step's Azure call keeps the
/// step open (activity started, result not recorded) while the Host is SIGKILLed and restarted, then the
/// hold is released. The smoke case holds only the smoke probe; the swap cases hold the swap before the
/// platform sees it, keep it running once accepted (lroHold), or let it finish while the Host's poll of it is
/// held (done on the platform, not seen by the Host); the approval cases kill while the upgrade waits for an
/// operator, who approves (promoted, one swap) or aborts (no swap, site as it was) after the restart.
/// The long steps (warm-up, canary, guard) are in <see cref="UpgradeKillTests"/>.
/// </summary>
[LongRunning]
public sealed class UpgradeCrashAtEveryStepTests(ITestOutputHelper output)
{
    private const string StagingSettings = "/sites/app-demo/slots/staging/config/appsettings/list";

    private const string ProductionSettings = "/sites/app-demo/config/appsettings/list";

    /// <summary>Approval required, and a timeout that cannot run out while the Host is down.</summary>
    private static readonly object ApprovalRequired = new { approval = new { required = true, timeout = "1.00:00:00", onTimeout = "Abort" } };

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

        // The smoke probe (one path, through the slot host name) is held on that path only; the probe's timeout
        // (twice the warm-up latency bound) outlasts the wait for the hold to show.
        new("Smoke-probe", "Smoke", new HeldCall("web", Target: "/smoke"))
        {
            PassedGate = "smoke",
            Policy = new { smokePaths = new[] { "/smoke" }, warmup = new { latencyBound = "00:30:00" } },
        },
        new("Approval-approvedAfterRestart", "Approval") { Policy = ApprovalRequired, AfterRestart = OperatorAnswer.Approve, PassedGate = "approval" },
        new("Approval-abortedAfterRestart", "Approval") { Policy = ApprovalRequired, AfterRestart = OperatorAnswer.Abort },

        // The Host has sent the swap; the platform has not seen it.
        new("Swapping-swapSent", "Swapping", new HeldCall("slotsswap")),

        // The platform accepted the swap and is still swapping when the Host comes back.
        new("Swapping-swapStillRunning", "Swapping", new HeldCall("slotsswap", "lroHold")),

        // The platform finished the swap; the Host's poll that would see it is held.
        new("Swapping-swapDoneUnseen", "Swapping", new HeldCall("operationResult", Target: "/operationresults/")) { After = new HeldCall("slotsswap", "lroHold") },
    ];

    /// <summary>Case names (serializable, so each case can be run on its own with a filter).</summary>
    public static TheoryData<string> Points => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Points))]
    public Task Serve_KilledInsideStepAndRestarted_EndsAsTheOperatorDecidedWithAtMostOneSwap(string point) =>
        UpgradeKillScenario.RunAsync(Cases.Single(c => c.Name == point), output);
}
