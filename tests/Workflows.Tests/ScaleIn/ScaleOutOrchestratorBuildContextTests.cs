using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Activities;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>The pure mapping from what the alert fast path reads to <see cref="ScaleOutConfirmation.Evaluate"/>'s input.</summary>
public sealed class ScaleOutOrchestratorBuildContextTests
{
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/p";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 30, 20, TimeSpan.Zero);

    [Fact]
    public void BuildContext_HourlyLimit_CountsTheAlertFastPathsScaleOutsOnly()
    {
        var journal = new List<JournalEntry>
        {
            new(Plan, Now.AddMinutes(-40), "scale-out", "scaled out 3 → 4: alert", "scale-out:p:0123456789ab", null, new CapacityChange(Now.AddMinutes(-40), CapacityChangeKind.ScaleOut, 3, 4)),
            new(Plan, Now.AddMinutes(-30), "scale-out", "demand outgrew the learned headroom", "scale-in:p:0123456789abcdef", null, new CapacityChange(Now.AddMinutes(-30), CapacityChangeKind.ScaleOut, 4, 5)),
            new(Plan, Now.AddMinutes(-20), "scale-out", "demand outgrew the learned headroom", "scale-in:p:0123456789abcdef", null, new CapacityChange(Now.AddMinutes(-20), CapacityChangeKind.ScaleOut, 5, 6)),
            new(Plan, Now.AddMinutes(-10), "scale-out-refused", "not confirmed", "scale-out:p:ba9876543210", null),
        };

        var context = ScaleOutOrchestrator.BuildContext(Now, PlanState(6), new PlanMetrics([], []), journal);

        context.ScaleOutsAt.ShouldBe([Now.AddMinutes(-40)]);
    }

    [Fact]
    public void BuildContext_TwoSweepScaleOutsThisHour_DoNotRefuseAConfirmedAlert()
    {
        var end = ScaleInOrchestrator.WindowEnd(Now);
        var minutes = Enumerable.Range(1, 5).Select(i => new PlanMinute(end.AddMinutes(-i), 97, 40, 0)).ToList();
        var journal = new List<JournalEntry>
        {
            new(Plan, Now.AddMinutes(-30), "scale-out", "demand outgrew the learned headroom", "scale-in:p:0123456789abcdef", null),
            new(Plan, Now.AddMinutes(-20), "scale-out", "demand outgrew the learned headroom", "scale-in:p:0123456789abcdef", null),
        };

        var verdict = ScaleOutConfirmation.Evaluate(ScaleOutOrchestrator.BuildContext(Now, PlanState(6), new PlanMetrics(minutes, []), journal), ScaleInPolicy.Default);

        verdict.Outcome.ShouldBe(ScaleOutOutcome.ScaleOut);
        verdict.ScaleOutsInPeriod.ShouldBe(0);
    }

    private static PlanState PlanState(int capacity) => new(Plan, "West Europe", "P1v3", "PremiumV3", capacity, false, 30, "Succeeded");
}
