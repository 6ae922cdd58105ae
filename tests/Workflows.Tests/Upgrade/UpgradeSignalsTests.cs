using Microsoft.DurableTask.Client;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

public sealed class UpgradeSignalsTests
{
    private const OrchestrationRuntimeStatus Running = OrchestrationRuntimeStatus.Running;

    public static TheoryData<string, string, OrchestrationRuntimeStatus, string?, bool> Cases => new()
    {
        { "approve while waiting for approval", WorkflowNames.ApproveEvent, Running, UpgradePhases.Approval, true },
        { "approve during warm-up", WorkflowNames.ApproveEvent, Running, UpgradePhases.WarmingUp, false },
        { "approve during the canary", WorkflowNames.ApproveEvent, Running, UpgradePhases.Canary, false },
        { "approve before any status", WorkflowNames.ApproveEvent, OrchestrationRuntimeStatus.Pending, null, false },
        { "approve after the swap", WorkflowNames.ApproveEvent, Running, UpgradePhases.Guarding, false },
        { "approve a finished upgrade", WorkflowNames.ApproveEvent, OrchestrationRuntimeStatus.Completed, UpgradePhases.Approval, false },
        { "abort before any status", WorkflowNames.AbortEvent, OrchestrationRuntimeStatus.Pending, null, true },
        { "abort while validating", WorkflowNames.AbortEvent, Running, UpgradePhases.Validating, true },
        { "abort during warm-up", WorkflowNames.AbortEvent, Running, UpgradePhases.WarmingUp, true },
        { "abort while waiting for approval", WorkflowNames.AbortEvent, Running, UpgradePhases.Approval, true },
        { "abort during the guard window", WorkflowNames.AbortEvent, Running, UpgradePhases.Guarding, true },
        { "abort a suspended upgrade", WorkflowNames.AbortEvent, OrchestrationRuntimeStatus.Suspended, UpgradePhases.Canary, true },
        { "abort while restoring the site", WorkflowNames.AbortEvent, Running, UpgradePhases.RollingBack, false },
        { "abort once done but not yet completed", WorkflowNames.AbortEvent, Running, UpgradePhases.Done, false },
        { "abort a completed upgrade", WorkflowNames.AbortEvent, OrchestrationRuntimeStatus.Completed, UpgradePhases.Done, false },
        { "abort a failed upgrade", WorkflowNames.AbortEvent, OrchestrationRuntimeStatus.Failed, UpgradePhases.Swapping, false },
        { "abort a terminated upgrade", WorkflowNames.AbortEvent, OrchestrationRuntimeStatus.Terminated, UpgradePhases.Canary, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Refusal_SignalInState_AcceptedOnlyWhereItMeansSomething(string name, string eventName, OrchestrationRuntimeStatus status, string? phase, bool accepted)
    {
        var refusal = UpgradeSignals.Refusal(eventName, status, phase);

        if (accepted)
        {
            refusal.ShouldBeNull(name);
        }
        else
        {
            refusal.ShouldNotBeNullOrWhiteSpace(name);
        }
    }

    [Fact]
    public void Refusal_ApproveTooEarly_NamesThePhaseAndWhenApprovalIsAccepted()
    {
        var refusal = UpgradeSignals.Refusal(WorkflowNames.ApproveEvent, Running, UpgradePhases.WarmingUp);

        refusal.ShouldNotBeNull().ShouldContain($"phase {UpgradePhases.WarmingUp}");
        refusal.ShouldContain($"only in phase {UpgradePhases.Approval}");
    }

    [Fact]
    public void Refusal_UnknownEvent_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => UpgradeSignals.Refusal("Resume", Running, UpgradePhases.Approval));
    }
}
