using Seamless.Core.Resources;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Upgrade;
using Seamless.Workflows.State;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>What scenarios check about an outcome and the world it left.</summary>
internal static class ScenarioAssertions
{
    /// <summary>Asserts the instance completed (not failed) and returns its output.</summary>
    public static T ShouldHaveCompletedWith<T>(this OrchestrationMetadata metadata)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(metadata);
        metadata.RuntimeStatus.ShouldBe(
            OrchestrationRuntimeStatus.Completed,
            $"{metadata.InstanceId}: {metadata.FailureDetails?.ErrorType} {metadata.FailureDetails?.ErrorMessage}");
        return metadata.ReadOutputAs<T>().ShouldNotBeNull();
    }

    /// <summary>Asserts the site is as it was before the release: previous build in production, no routing, no pending preview.</summary>
    public static void ShouldBeAsBeforeTheRelease(this ScenarioWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        world.AppService.BuildIn(SlotNames.Production).ShouldBe(FakeAppService.PreviousBuild);
        world.AppService.BuildIn(ScenarioWorld.Staging).ShouldBe(FakeAppService.NewBuild);
        world.AppService.Routing.ShouldBeEmpty();
        world.AppService.PendingPreview.ShouldBeNull();
    }

    /// <summary>Asserts the release took the plan's capacity lease and left none behind.</summary>
    public static async Task ShouldHaveReleasedThePlanLeaseAsync(this ScenarioWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        world.Store.WasWritten(StateKeys.PlanLease(ScenarioWorld.Plan, ScenarioWorld.Site)).ShouldBeTrue("the release never took the lease");
        (await world.Store.ListAsync(StateKeys.PlanLeasePrefix(ScenarioWorld.Plan), 100, CancellationToken.None)).ShouldBeEmpty();
    }

    /// <summary>Reads the upgrade record the orchestrator saved for <paramref name="instanceId"/>.</summary>
    public static async Task<UpgradeStatus> UpgradeRecordAsync(this ScenarioWorld world, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(world);
        var item = (await world.Store.GetAsync(StateKeys.UpgradeRecord(instanceId), CancellationToken.None)).ShouldNotBeNull();
        return WorkflowJson.Deserialize<UpgradeStatus>(item.Value).ShouldNotBeNull();
    }
}
