using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>The pure mappings from what the activities read to the evaluator's input and to the headroom learning request.</summary>
public sealed class ScaleInOrchestratorBuildContextTests
{
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/p";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 20, 30, 20, TimeSpan.Zero);

    [Fact]
    public void BuildContext_WindowEndsBeforeTheCurrentMinute_AndKeepsGapsAsMissing()
    {
        var policy = ScaleInPolicy.Default with { Window = TimeSpan.FromMinutes(5) };
        var end = ScaleInOrchestrator.WindowEnd(Now);
        var minutes = Enumerable.Range(1, 5).Select(i => end.AddMinutes(-i)).Where(t => t != end.AddMinutes(-3))
            .Select(t => new PlanMinute(t, 40, 50, 3)).ToList();

        var context = ScaleInOrchestrator.BuildContext(Input(policy), Now, PlanState(3), new PlanGuards([], null), new CapacityHistory(null, false, 3), new PlanMetrics(minutes, []), Empty(), Empty(), []);

        end.ShouldBe(new DateTimeOffset(2026, 11, 21, 20, 29, 0, TimeSpan.Zero));
        context.Samples.CpuPercent.Count.ShouldBe(5);
        context.Samples.CpuPercent.Count(v => v is null).ShouldBe(1);
        // The plan's HttpQueueLength Average is already per instance: read as it is, not divided by the 3 instances again.
        context.Samples.HttpQueuePerInstance.First(v => v is not null).ShouldBe(3.0);
    }

    [Fact]
    public void BuildContext_LeaseVetoAndJournal_AreCarriedOver()
    {
        var veto = new ScaleInVeto(Plan, Now.AddMinutes(10), "alert", "a1");
        var lease = new PlanLease(Plan, "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/s", "upgrade:s:1", Now.AddHours(1));
        var journal = new List<JournalEntry>
        {
            new(Plan, Now.AddMinutes(-4), "scale-in", "scaled in 4 → 3", "scale-in:p", null),
            new(Plan, Now.AddMinutes(-2), "decision", "Hold", "scale-in:p", null),
        };

        var context = ScaleInOrchestrator.BuildContext(Input(ScaleInPolicy.Default), Now, PlanState(3), new PlanGuards([lease], veto), new CapacityHistory(Now.AddMinutes(-30), false, 3), new PlanMetrics([], []), Empty(), Empty(), journal);

        context.VetoActive.ShouldBeTrue();
        context.LeaseHeld.ShouldBeTrue();
        context.LeaseHolder.ShouldBe("upgrade:s:1");
        context.LastCapacityChangeAt.ShouldBe(Now.AddMinutes(-4));
        context.RecentScaleIns.ShouldHaveSingleItem().Instances.ShouldBe(1);
    }

    [Fact]
    public void BuildContext_StepRecordedAsACapacityChange_RateLimitCountsItWhateverTheSummarySays()
    {
        var journal = new List<JournalEntry>
        {
            new(Plan, Now.AddMinutes(-4), "scale-in", "removed two instances (reworded)", "scale-in:p", null, new CapacityChange(Now.AddMinutes(-4), CapacityChangeKind.ScaleIn, 5, 3)),
            new(Plan, Now.AddMinutes(-2), "scale-out", "scaled out", "scale-out:p", null, new CapacityChange(Now.AddMinutes(-2), CapacityChangeKind.ScaleOut, 3, 4)),
        };

        var context = ScaleInOrchestrator.BuildContext(Input(ScaleInPolicy.Default), Now, PlanState(4), new PlanGuards([], null), new CapacityHistory(Now.AddMinutes(-30), false, 4), new PlanMetrics([], []), Empty(), Empty(), journal);

        context.RecentScaleIns.ShouldHaveSingleItem().Instances.ShouldBe(2);
        context.LastCapacityChangeAt.ShouldBe(Now.AddMinutes(-2));
    }

    [Fact]
    public void BuildContext_InstanceWithoutLatestMetric_IsUnhealthy()
    {
        var t = ScaleInOrchestrator.WindowEnd(Now).AddMinutes(-1);
        var metrics = new PlanMetrics([new PlanMinute(t, 40, 40, 0)], [new InstanceCpuSeries("a", [40]), new InstanceCpuSeries("b", [null])]);

        var context = ScaleInOrchestrator.BuildContext(Input(ScaleInPolicy.Default), Now, PlanState(2), new PlanGuards([], null), new CapacityHistory(null, false, 2), metrics, Empty(), Empty(), []);

        context.UnhealthyInstances.ShouldBe(["b"]);
    }

    [Fact]
    public void BuildContext_InstanceRemovedByAScaleIn_IsNotUnhealthy()
    {
        var t = ScaleInOrchestrator.WindowEnd(Now).AddMinutes(-1);
        var metrics = new PlanMetrics([new PlanMinute(t, 40, 40, 0)], [new InstanceCpuSeries("a", [40]), new InstanceCpuSeries("b", [null])]);

        var context = ScaleInOrchestrator.BuildContext(Input(ScaleInPolicy.Default), Now, PlanState(1), new PlanGuards([], null), new CapacityHistory(null, false, 1), metrics, Empty(), Empty(), []);

        context.UnhealthyInstances.ShouldBeEmpty();
    }

    [Fact]
    public void BusyPeak_SumsInstancesPerMinute_AndIsNullWithoutData()
    {
        var t = Now;
        var metrics = new PlanMetrics(
            [new PlanMinute(t, 50, null, null), new PlanMinute(t.AddMinutes(1), 70, null, null)],
            [new InstanceCpuSeries("a", [50, 80]), new InstanceCpuSeries("b", [50, 60])]);

        ScaleInOrchestrator.BusyPeak(metrics)!.Value.ShouldBe(1.4, tolerance: 1e-9);
        ScaleInOrchestrator.BusyPeak(Empty()).ShouldBeNull();
    }

    [Fact]
    public void HeadroomRequestFor_FixedHeadroom_IsNull()
    {
        var policy = ScaleInPolicy.Default with { Headroom = HeadroomMode.Fixed };

        var request = ScaleInOrchestrator.HeadroomRequestFor(Plan, policy, TimeSpan.FromMinutes(10), PlanState(3), Now);

        request.ShouldBeNull();
    }

    [Fact]
    public void HeadroomRequestFor_LearnedHeadroom_ReadsTheLearningWindowAndAWeekEndingWithTheEvaluationWindow()
    {
        var policy = ScaleInPolicy.Default with { Headroom = HeadroomMode.Learned, LearningWindow = TimeSpan.FromDays(2) };
        var end = ScaleInOrchestrator.WindowEnd(Now);

        var request = ScaleInOrchestrator.HeadroomRequestFor(Plan, policy, TimeSpan.FromMinutes(10), PlanState(3), Now);

        request.ShouldNotBeNull();
        request.PlanId.ShouldBe(Plan);
        request.To.ShouldBe(end);
        request.From.ShouldBe(end - TimeSpan.FromDays(2) - TimeSpan.FromDays(7));
        request.Settings.SweepMinutes.ShouldBe(10);
        request.Settings.LearningMinutes.ShouldBe(2 * 24 * 60);
        var saturation = request.Saturation.ShouldNotBeNull();
        saturation.Ordered.ShouldBe(3, "the activity steps from the instances serving; the plan's capacity is what is ordered");
        saturation.Step.ShouldBe(ScaleOutStep.For(policy, ScaleInOrchestrator.MaxCapacity(policy, PlanState(3))));
        saturation.ToCapacity.ShouldBe(4);
    }

    [Fact]
    public void HeadroomRequestFor_NoSweepInterval_UsesTheDefaultSweepInterval()
    {
        var policy = ScaleInPolicy.Default with { Headroom = HeadroomMode.Learned };

        var request = ScaleInOrchestrator.HeadroomRequestFor(Plan, policy, null, PlanState(3), Now);

        request.ShouldNotBeNull();
        request.Settings.SweepMinutes.ShouldBe((int)ScaleInOptions.DefaultSweepInterval.TotalMinutes);
    }

    [Fact]
    public void SeasonalWindows_FixedHeadroomReadsYesterdayAndLastWeek_LearnedReadsNeither()
    {
        var fixedPolicy = ScaleInPolicy.Default with { Headroom = HeadroomMode.Fixed, SeasonalHorizon = TimeSpan.FromMinutes(20) };

        var windows = ScaleInOrchestrator.SeasonalWindows(Plan, fixedPolicy, Now).ShouldNotBeNull();

        windows.Yesterday.ShouldBe(new PlanMetricsRequest(Plan, Now.AddDays(-1), Now.AddDays(-1).AddMinutes(20)));
        windows.LastWeek.ShouldBe(new PlanMetricsRequest(Plan, Now.AddDays(-7), Now.AddDays(-7).AddMinutes(20)));
        ScaleInOrchestrator.SeasonalWindows(Plan, fixedPolicy with { Headroom = HeadroomMode.Learned }, Now).ShouldBeNull();
    }

    [Theory]
    [InlineData(30, 40, 30)]
    [InlineData(30, 20, 20)]
    [InlineData(0, 20, 20)]
    public void MaxCapacity_IsThePolicyMaximumOrThePlansWorkerLimitWhenLower(int workers, int policyMax, int expected) =>
        ScaleInOrchestrator.MaxCapacity(ScaleInPolicy.Default with { Max = policyMax }, PlanState(3) with { MaximumNumberOfWorkers = workers }).ShouldBe(expected);

    private static ScaleInInput Input(ScaleInPolicy policy) => new(Plan, false, "test", policy, []);

    private static PlanState PlanState(int capacity) => new(Plan, "West Europe", "P1v3", "PremiumV3", capacity, false, 30, "Succeeded");

    private static PlanMetrics Empty() => new([], []);
}
