using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Crash at every step (issue 8) for the short upgrade steps: a one-off delay on the step's Azure call
/// holds the step open so the SIGKILL lands inside it (activity started, result not recorded); the
/// swap case kills once the platform has accepted the swap but before the Host has seen it complete.
/// The smoke case delays only the smoke probe; the approval cases kill while the upgrade waits for an
/// operator, who approves (promoted, one swap) or aborts (no swap, site as it was) after the restart.
/// The long steps (warm-up, canary, guard) are in <see cref="UpgradeKillTests"/>.
/// </summary>
[LongRunning]
public sealed class UpgradeCrashAtEveryStepTests(ITestOutputHelper output)
{
    /// <summary>Approval required, and a timeout that cannot run out while the Host is down.</summary>
    private static readonly object ApprovalRequired = new { approval = new { required = true, timeout = "1.00:00:00", onTimeout = "Abort" } };

    private static readonly KillPoint[] Cases =
    [
        new("Validating-getSite", "Validating", StretchOperation: "getSite"),
        new("Leased-listAppSettings", "Leasing", StretchOperation: "listAppSettings"),
        new("ConfigDiff-getSlotConfigNames", "ConfigDiff", StretchOperation: "getSlotConfigNames"),
        new("Preparing-applySlotConfig", "Preparing", StretchOperation: "applySlotConfig"),

        // The smoke probe (one path, through the slot host name) is held by a delay on that path only;
        // the probe's timeout (twice the warm-up latency bound) must outlast the delay.
        new("Smoke-probe", "Smoke", StretchOperation: "web")
        {
            StretchTarget = "/smoke",
            PassedGate = "smoke",
            Policy = new { smokePaths = new[] { "/smoke" }, warmup = new { latencyBound = "00:10:00" } },
        },
        new("Approval-approvedAfterRestart", "Approval") { Policy = ApprovalRequired, AfterRestart = OperatorAnswer.Approve, PassedGate = "approval" },
        new("Approval-abortedAfterRestart", "Approval") { Policy = ApprovalRequired, AfterRestart = OperatorAnswer.Abort },
        new("Swapping-swapInFlight", "Swapping", AfterSwapAccepted: true),

        // The platform accepted the swap and is still swapping when the Host comes back.
        new("Swapping-swapStillRunning", "Swapping", StretchOperation: "slotsswap", AfterSwapAccepted: true) { StretchKind = "lroDelay" },
    ];

    /// <summary>Case names (serializable, so each case can be run on its own with a filter).</summary>
    public static TheoryData<string> Points => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Points))]
    public Task Serve_KilledInsideStepAndRestarted_EndsAsTheOperatorDecidedWithAtMostOneSwap(string point) =>
        UpgradeKillScenario.RunAsync(Cases.Single(c => c.Name == point), output);
}
