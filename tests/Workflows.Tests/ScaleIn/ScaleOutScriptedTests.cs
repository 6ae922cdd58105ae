using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Activities;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>
/// The alert fast path on a scripted <c>TaskOrchestrationContext</c>: the step it writes is sized to the demand the CPU
/// shows with the learned headroom, unless the plan is saturated or nothing is learned; saturated, to what the latest
/// minute asked when its sites turned requests away; the sweep's scale-outs do not spend its hourly limit. Milliseconds per test, no engine.
/// </summary>
public sealed class ScaleOutScriptedTests
{
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan";
    private static readonly DateTime Start = new(2026, 12, 3, 10, 0, 30, DateTimeKind.Utc);

    [Fact]
    public async Task RunAsync_LearnedAndNotSaturated_ScalesToWhatTheDemandNeeds()
    {
        // 20 instances at 96 %: 19.2 busy; ×1.05 carries them on 21 (the full step would be 25).
        var azure = new ScriptedPlan(capacity: 20, cpu: 96, queue: 0, multiplier: 1.05);
        var context = new ScriptedOrchestrationContext("scale-out:plan:1", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(21);
        decision.Reason.ShouldBe(ScaleOutRule.SizedScaleOut);
        azure.Capacities.ShouldBe([21]);
        azure.Journal.ShouldHaveSingleItem().Kind.ShouldBe("scale-out");
        azure.Journal[0].Summary.ShouldContain("19.2 busy instance(s) need 21");
    }

    [Fact]
    public async Task RunAsync_LearnedButSaturated_TakesTheFullStep()
    {
        var azure = new ScriptedPlan(capacity: 20, cpu: 100, queue: 60, multiplier: 1.05);
        var context = new ScriptedOrchestrationContext("scale-out:plan:2", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(25);
        decision.Reason.ShouldBe(ScaleOutRule.ScaleOut);
        azure.Capacities.ShouldBe([25]);
    }

    [Fact]
    public async Task RunAsync_QueuePerInstanceAtTheLineWhileTheCpuIsBelowIt_TakesTheFullStep()
    {
        // 10 instances at 80 % CPU, 12 requests queued on each (the plan's HttpQueueLength Average, per instance): the queue
        // line of 10 confirms the alert. Divided by the 10 instances again it read 1.2 and the alert was refused.
        var azure = new ScriptedPlan(capacity: 10, cpu: 80, queue: 12, multiplier: 1.05);
        var context = new ScriptedOrchestrationContext("scale-out:plan:11", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(13);
        decision.Reason.ShouldBe(ScaleOutRule.ScaleOut);
        azure.Capacities.ShouldBe([13]);
    }

    [Fact]
    public async Task RunAsync_SaturatedAndTheSitesTurnedRequestsAway_ScalesToWhatTheMinuteAskedWithTheLearnedHeadroom()
    {
        // 10 instances at 100 % with a queue: the full step is 13, but the sites' requests and 5xx say the latest minute
        // asked for 23.4 busy instances; one alert carries it, with the learned headroom on top (⌈23.4 × 1.05⌉ = 25),
        // instead of three alerts and sweeps.
        var azure = new ScriptedPlan(capacity: 10, cpu: 100, queue: 60, multiplier: 1.05) { Asked = 23.4 };
        var context = new ScriptedOrchestrationContext("scale-out:plan:7", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(25);
        decision.Reason.ShouldBe(ScaleOutRule.AskedScaleOut);
        azure.Capacities.ShouldBe([25]);
        azure.Journal.ShouldHaveSingleItem().Summary.ShouldContain("asked for 23.4 busy instance(s), 25 with the learned headroom ×1.05");
    }

    [Fact]
    public async Task RunAsync_SaturatedAndAskedPastThePlansMaximum_StopsAtTheCap()
    {
        var azure = new ScriptedPlan(capacity: 10, cpu: 100, queue: 60, multiplier: 1.05) { Asked = 95 };
        var context = new ScriptedOrchestrationContext("scale-out:plan:8", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(30);
        azure.Capacities.ShouldBe([30]);
    }

    [Fact]
    public async Task RunAsync_InstancesOrderedEarlierStillStart_ReadsTheCpuOverThoseServingAndKeepsTheOrder()
    {
        // 27 ordered, 21 serving at 93 %: 19.5 busy, ×1.275 carries them on 25, within the order. Read over the 27 the
        // same CPU would say 25.1 busy and order 30.
        var azure = new ScriptedPlan(capacity: 27, cpu: 93, queue: 0, multiplier: 1.275) { Serving = 21 };
        var context = new ScriptedOrchestrationContext("scale-out:plan:9", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(27);
        decision.Reason.ShouldBe(ScaleOutRule.OrderCovers);
        azure.Capacities.ShouldBeEmpty();
        var entry = azure.Journal.ShouldHaveSingleItem();
        entry.Kind.ShouldBe("scale-out-refused");
        entry.Summary.ShouldContain("CPU 93 % on the 21 instance(s) serving");
        entry.Summary.ShouldContain("6 still starting");

        var unknown = new ScriptedPlan(capacity: 27, cpu: 93, queue: 0, multiplier: 1.275);
        (await new ScaleOutOrchestrator().RunAsync(new ScriptedOrchestrationContext("scale-out:plan:10", Start, unknown.Answer), Input())).ToCapacity.ShouldBe(30, "without the instances serving the CPU is read over the capacity");
    }

    [Fact]
    public async Task RunAsync_NothingLearnedYet_TakesTheFullStep()
    {
        var azure = new ScriptedPlan(capacity: 20, cpu: 96, queue: 0, multiplier: 1.05) { Learned = false };
        var context = new ScriptedOrchestrationContext("scale-out:plan:3", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(25);
        azure.Capacities.ShouldBe([25]);
    }

    [Fact]
    public async Task RunAsync_LearningUnreadable_TakesTheFullStep()
    {
        var azure = new ScriptedPlan(capacity: 20, cpu: 96, queue: 0, multiplier: 1.05) { LearningFails = true };
        var context = new ScriptedOrchestrationContext("scale-out:plan:4", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(25);
        azure.Capacities.ShouldBe([25]);
    }

    [Fact]
    public async Task RunAsync_TwoSweepScaleOutsThisHour_TheAlertIsStillAllowed_TwoAlertScaleOutsRefuseIt()
    {
        var sweep = new ScriptedPlan(capacity: 20, cpu: 96, queue: 0, multiplier: 1.05);
        sweep.Journal.Add(Entry(-30, "scale-in:plan:0123456789abcdef"));
        sweep.Journal.Add(Entry(-20, "scale-in:plan:0123456789abcdef"));
        var alerts = new ScriptedPlan(capacity: 20, cpu: 96, queue: 0, multiplier: 1.05);
        alerts.Journal.Add(Entry(-30, "scale-out:plan:0123456789ab"));
        alerts.Journal.Add(Entry(-20, "scale-out:plan:ba9876543210"));

        var allowed = await new ScaleOutOrchestrator().RunAsync(new ScriptedOrchestrationContext("scale-out:plan:5", Start, sweep.Answer), Input());
        var refused = await new ScaleOutOrchestrator().RunAsync(new ScriptedOrchestrationContext("scale-out:plan:6", Start, alerts.Answer), Input());

        allowed.ToCapacity.ShouldBe(21);
        refused.Reason.ShouldBe(ScaleOutConfirmation.RateLimited);
        refused.ToCapacity.ShouldBe(20);
        alerts.Capacities.ShouldBeEmpty();
        alerts.Journal[^1].Kind.ShouldBe("scale-out-refused");
    }

    [Fact]
    public async Task RunAsync_SweepGrewThePlanBetweenTheDecisionAndItsWrite_IsNotLoweredToTheSmallerOrder()
    {
        // The alert orders 20 → 21; the sweep's scale-out ahead of demand set 24 before the order reached the plan.
        var azure = new ScriptedPlan(capacity: 20, cpu: 96, queue: 0, multiplier: 1.05) { RaiseBeforeWrite = 24 };
        var context = new ScriptedOrchestrationContext("scale-out:plan:12", Start, azure.Answer);

        var decision = await new ScaleOutOrchestrator().RunAsync(context, Input());

        decision.ToCapacity.ShouldBe(21);
        azure.Capacities.ShouldBeEmpty();
        azure.Capacity.ShouldBe(24);
        var entry = azure.Journal.ShouldHaveSingleItem();
        entry.Kind.ShouldBe("superseded");
        entry.Summary.ShouldContain("not scaled out 20 → 21: the plan has 24 instance(s)");
        entry.Change.ShouldBeNull();
        context.Calls.Select(c => c.Name).ShouldNotContain(ActivityNames.ObserveCapacity);
        context.Calls.Select(c => c.Name).ShouldNotContain(ActivityNames.EnqueueNotification);
    }

    private static JournalEntry Entry(int minutes, string instance) =>
        new(Plan, new DateTimeOffset(Start).AddMinutes(minutes), "scale-out", "scaled out", instance, null);

    private static ScaleOutInput Input() => new(Plan, "alert 'cpu-high' fired", "alert-1", ScaleInPolicy.Default, TimeSpan.FromMinutes(5));

    /// <summary>A plan at a steady CPU and queue whose learned headroom has the given multiplier.</summary>
    private sealed class ScriptedPlan(int capacity, double cpu, double queue, double multiplier)
    {
        private readonly ScriptedPlanWrites _writes = new(Plan, capacity);

        public bool Learned { get; init; } = true;

        public bool LearningFails { get; init; }

        /// <summary>Gets the busy instances the latest saturated minute asked for (the estimate's <c>LatestAsked</c>); null: none.</summary>
        public double? Asked { get; init; }

        /// <summary>Gets the instances serving the latest minute (the estimate's <c>Serving</c>); null: unknown.</summary>
        public int? Serving { get; init; }

        public List<int> Capacities => _writes.Capacities;

        public int Capacity => _writes.Capacity;

        /// <summary>Gets a capacity someone else sets just before the run's write reaches the plan.</summary>
        public int? RaiseBeforeWrite { init => _writes.ExternalBeforeWrite = value; }

        public List<JournalEntry> Journal => _writes.Journal;

        public object? Answer(string name, object? input) => name switch
        {
            ActivityNames.GetPlan => _writes.State(),
            ActivityNames.ReadPlanMetrics => Metrics((PlanMetricsRequest)input!),
            ActivityNames.ReadJournal => (IReadOnlyList<JournalEntry>)[.. Journal],
            ActivityNames.LearnHeadroom => Headroom(),
            ActivityNames.SetPlanCapacity => _writes.Set((CapacityRequest)input!),
            ActivityNames.ObserveCapacity => new CapacityHistory(new DateTimeOffset(Start), true, _writes.Capacity),
            ActivityNames.AppendJournal => _writes.Append((JournalEntry)input!),
            ActivityNames.EnqueueNotification => 1,
            _ => throw new InvalidOperationException($"unexpected activity {name}"),
        };

        private PlanMetrics Metrics(PlanMetricsRequest request)
        {
            var minutes = new List<PlanMinute>();
            for (var t = request.From; t < request.To; t = t.AddMinutes(1))
            {
                // The plan's HttpQueueLength Average is per instance, as Azure Monitor averages the instances' values.
                minutes.Add(new PlanMinute(t, cpu, 40, queue));
            }

            return new PlanMetrics(minutes, []);
        }

        private HeadroomReading Headroom()
        {
            if (LearningFails)
            {
                throw new Microsoft.DurableTask.TaskFailedException("LearnHeadroom", 0, new InvalidOperationException("metrics unavailable"));
            }

            var learned = new LearnedHeadroom(new HeadroomSetting(multiplier, 5, Seasonal: false), 1.05, 3 * 24 * 60, 0.01, 1, Learned, 32);
            var estimate = Asked is not null || Serving is not null
                ? new HeadroomEstimate(0.1, 3, 1.05, learned.Setting, capacity, null, capacity, 0, Learned, 0.01) { Latest = capacity, LatestAsked = Asked, Serving = Serving }
                : null;
            return new HeadroomReading(learned, estimate);
        }
    }
}
