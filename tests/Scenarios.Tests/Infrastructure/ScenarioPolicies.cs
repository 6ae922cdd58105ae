using Seamless.Core.ScaleIn;
using Seamless.Core.Upgrade;
using Seamless.Workflows;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.Upgrade;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>
/// Policies and inputs at second scale: both engines run on wall-clock time, so every timer of a scenario is
/// 0.2–1 s unless the scenario waits for an event instead (then the timer is long and never the way out).
/// </summary>
internal static class ScenarioPolicies
{
    /// <summary>A time no scenario reaches: the way out of such a wait is an event.</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(45);

    /// <summary>The upgrade policy: defaults with second-scale timings.</summary>
    public static UpgradePolicy Upgrade() => UpgradePolicy.Default with
    {
        Warmup = UpgradePolicy.Default.Warmup with
        {
            ConsecutivePasses = 2,
            ProbeInterval = TimeSpan.FromMilliseconds(200),
            LatencyBound = TimeSpan.FromSeconds(1),
            Timeout = Long,
        },
        Canary = UpgradePolicy.Default.Canary with { Steps = [10, 50], StepInterval = TimeSpan.FromMilliseconds(300) },
        Approval = UpgradePolicy.Default.Approval with { Timeout = Long },
        GuardWindow = TimeSpan.FromSeconds(1),
        GuardInterval = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>An upgrade of the world's site from staging into production, as the API would start it.</summary>
    public static UpgradeInput UpgradeInput(UpgradePolicy policy, string strategy = "swap")
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate().ShouldBeEmpty();
        return new UpgradeInput(
            ScenarioWorld.SiteId,
            ScenarioWorld.Staging,
            "production",
            FakeAppService.NewBuild,
            strategy,
            $"delivery-{Guid.NewGuid():N}",
            policy,
            DateTimeOffset.UtcNow);
    }

    /// <summary>The instance id the API gives an upgrade.</summary>
    public static string UpgradeInstanceId(UpgradeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return InstanceIds.Upgrade(ScenarioWorld.Site, input.DeliveryId);
    }

    /// <summary>The scale-in policy: defaults with a 3-minute stabilisation window and a 1-second verification.</summary>
    public static ScaleInPolicy ScaleIn() => ScaleInPolicy.Default with
    {
        Window = TimeSpan.FromMinutes(3),
        SeasonalHorizon = TimeSpan.FromMinutes(2),
        VerifyWindow = TimeSpan.FromSeconds(1),
    };

    /// <summary>A scale-in run of the world's plan, as the sweep would start it.</summary>
    public static ScaleInInput ScaleInInput()
    {
        var policy = ScaleIn();
        policy.Validate().ShouldBeEmpty();
        return new ScaleInInput(ScenarioWorld.PlanId, DryRun: false, "test", policy, [ScenarioWorld.SiteId]);
    }
}
