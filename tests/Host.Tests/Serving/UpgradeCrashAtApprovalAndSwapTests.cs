using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>
/// Crash at every step (issue 8), the approval and the swap: the swap cases hold the swap before the platform sees it,
/// keep it running once accepted (lroHold), or let it finish while the Host's poll of it is held (done on the
/// platform, not seen by the Host); the approval cases kill while the upgrade waits for an operator, who approves
/// (promoted, one swap) or aborts (no swap, site as it was) after the restart. The earlier steps are in
/// <see cref="UpgradeCrashAtEveryStepTests"/>.
/// </summary>
[LongRunning]
public sealed class UpgradeCrashAtApprovalAndSwapTests(ITestOutputHelper output)
{
    /// <summary>
    /// Approval required, and a timeout far beyond the test's reach: while the upgrade waits for the operator nothing
    /// works, so simulated time moves on (in 15-minute jumps) until the test kills, restarts and answers; a month is
    /// thousands of jumps away. Time stands still while the Host is down.
    /// </summary>
    private static readonly object ApprovalRequired = new { approval = new { required = true, timeout = "30.00:00:00", onTimeout = "Abort" } };

    private static readonly KillPoint[] Cases =
    [
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
    public Task Serve_KilledAtApprovalOrSwapAndRestarted_EndsAsTheOperatorDecidedWithAtMostOneSwap(string point) =>
        UpgradeKillScenario.RunAsync(Cases.Single(c => c.Name == point), output);
}
