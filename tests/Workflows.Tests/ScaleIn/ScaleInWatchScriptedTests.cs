using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Activities;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>
/// The scale-in orchestrator's verification window on a scripted <c>TaskOrchestrationContext</c>: with learned headroom
/// the window is watched at the sweep cadence and ends in a scale-out when demand outgrows the step; with fixed
/// headroom it is one wait. Milliseconds per test, no engine.
/// </summary>
public sealed class ScaleInWatchScriptedTests
{
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan";
    private static readonly DateTime Start = new(2026, 12, 1, 10, 0, 30, DateTimeKind.Utc);

    private static readonly ScaleInPolicy Learned = ScaleInPolicy.Default with { Headroom = HeadroomMode.Learned, VerifyWindow = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task RunAsync_DemandOutgrowsTheStepWhileItIsVerified_ScalesOutAtOnceWithoutAVeto()
    {
        // The headroom allows 5 → 3; two minutes into the window it requires 7.
        var azure = new ScriptedPlan(capacity: 5, required: [3, 3, 7]);
        var context = new ScriptedOrchestrationContext("scale-in-1", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned));

        result.Outcome.ShouldBe("scaled-out", result.Message);
        result.Message.ShouldContain("demand outgrew the step 5 → 3 while it was verified; scaled out 3 → 7");
        azure.Capacities.ShouldBe([3, 7]);
        var kinds = azure.Journal.Select(e => e.Kind).ToList();
        kinds.ShouldBe(["decision", "scale-in", "scale-out"]);
        azure.Journal[^1].Change.ShouldBe(new CapacityChange(azure.Journal[^1].At, CapacityChangeKind.ScaleOut, 3, 7));
        context.Calls.Select(c => c.Name).ShouldNotContain(ActivityNames.SetVeto);
        context.Calls.Count(c => c.Name == ActivityNames.LearnHeadroom).ShouldBe(3);
        context.Timers.Count.ShouldBe(2);
        (context.CurrentUtcDateTime - Start).ShouldBe(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task RunAsync_DemandStaysWithinTheStep_WatchesEachSweepIntervalThenVerifies()
    {
        var azure = new ScriptedPlan(capacity: 5, required: [3]);
        var context = new ScriptedOrchestrationContext("scale-in-2", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned));

        result.Outcome.ShouldBe("scaled-in", result.Message);
        azure.Capacities.ShouldBe([3]);
        azure.Journal.Select(e => e.Kind).ShouldBe(["decision", "scale-in", "verified"]);
        context.Calls.Count(c => c.Name == ActivityNames.LearnHeadroom).ShouldBe(1 + 5);
        context.Timers.Select(t => t - Start).ShouldBe([.. Enumerable.Range(1, 5).Select(m => TimeSpan.FromMinutes(m))]);
    }

    [Fact]
    public async Task RunAsync_HeadroomUnreadableDuringTheWindow_WatchGoesOnAndTheUsersVerdictDecides()
    {
        // The decision's reading succeeds; every reading in the window fails (Azure Monitor down, retries spent).
        var azure = new ScriptedPlan(capacity: 5, required: [3]) { FailReadingsAfter = 1 };
        var context = new ScriptedOrchestrationContext("scale-in-4", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned));

        result.Outcome.ShouldBe("scaled-in", result.Message);
        azure.Journal.Select(e => e.Kind).ShouldBe(["decision", "scale-in", "verified"]);
        context.Calls.Count(c => c.Name == ActivityNames.LearnHeadroom).ShouldBe(1 + 5);
    }

    [Fact]
    public async Task RunAsync_AlertGrewThePlanDuringTheWindow_TheWatchDoesNotWriteATargetItAlreadyMeets()
    {
        // 5 → 3; after the first reading in the window the alert fast path grows the plan to 8; the next reading
        // requires 7, which 8 already meets: writing 7 would take an instance the alert added.
        var azure = new ScriptedPlan(capacity: 5, required: [3, 3, 7]) { RaiseAfterReadings = 2, RaiseTo = 8 };
        var context = new ScriptedOrchestrationContext("scale-in-5", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned));

        azure.Capacities.ShouldBe([3]);
        azure.Capacity.ShouldBe(8);
        azure.Journal.Select(e => e.Kind).ShouldNotContain("scale-out");
        result.Outcome.ShouldBe("scaled-in", result.Message);
    }

    [Fact]
    public async Task RunAsync_AlertGrewThePlanBeyondTheStepThenTheStepHurts_TheRevertDoesNotLowerIt()
    {
        // 5 → 3 hurts (CPU at 95 % after the step), but the alert fast path grew the plan to 8 during the window:
        // reverting to 5 would remove three instances the alert added. The veto is still set.
        var azure = new ScriptedPlan(capacity: 5, required: [3]) { RaiseAfterReadings = 2, RaiseTo = 8, CpuAfterStep = 95 };
        var context = new ScriptedOrchestrationContext("scale-in-6", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned));

        result.Outcome.ShouldBe("reverted", result.Message);
        azure.Capacities.ShouldBe([3]);
        azure.Capacity.ShouldBe(8);
        context.Calls.Select(c => c.Name).ShouldContain(ActivityNames.SetVeto);
        var reverted = azure.Journal.Single(e => e.Kind == "reverted");
        reverted.Summary.ShouldContain("already has 8 instances");
        reverted.Change.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_AlertGrewThePlanBetweenTheDecisionAndItsWrite_WritesNothingAndJournalsSuperseded()
    {
        // Decided 5 → 3; the alert fast path grows the plan to 8 before the step reaches it: writing 3 would remove five
        // instances, three of them the alert's.
        var azure = new ScriptedPlan(capacity: 5, required: [3]) { RaiseBeforeWrite = 8 };
        var context = new ScriptedOrchestrationContext("scale-in-8", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned));

        result.Outcome.ShouldBe("superseded", result.Message);
        azure.Capacities.ShouldBeEmpty();
        azure.Capacity.ShouldBe(8);
        azure.Journal.Select(e => e.Kind).ShouldBe(["decision", "superseded"]);
        azure.Journal[^1].Summary.ShouldContain("not scaled in 5 → 3: the plan has 8 instance(s), changed since the decision");
        azure.Journal[^1].Change.ShouldBeNull();
        context.Calls.Single(c => c.Name == ActivityNames.SetPlanCapacity).Input.ShouldBe(new CapacityRequest(Plan, 3, 5));
        context.Timers.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_TheStepHurtsAndThePlanChangesAsTheRevertIsWritten_ThatChangeStands()
    {
        // 5 → 3 hurts; as the revert to 5 is written, an operator sets 4: the revert (decided on 3) writes nothing.
        var azure = new ScriptedPlan(capacity: 5, required: [3]) { CpuAfterStep = 95 };
        var context = new ScriptedOrchestrationContext("scale-in-9", Start, (name, input) =>
        {
            if (name == ActivityNames.SetPlanCapacity && ((CapacityRequest)input!).Capacity == 5)
            {
                azure.RaiseBeforeNextWrite(4);
            }

            return azure.Answer(name, input);
        });

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned));

        result.Outcome.ShouldBe("reverted", result.Message);
        azure.Capacities.ShouldBe([3]);
        azure.Capacity.ShouldBe(4);
        var reverted = azure.Journal.Single(e => e.Kind == "reverted");
        reverted.Summary.ShouldContain("the plan's capacity changed to 4 while the revert to 5 was written");
        reverted.Change.ShouldBeNull();
        context.Calls.Select(c => c.Name).ShouldContain(ActivityNames.SetVeto);
    }

    [Fact]
    public async Task RunAsync_TheStepHurts_RevertsToTheCapacityBeforeTheStep()
    {
        var azure = new ScriptedPlan(capacity: 5, required: [3]) { CpuAfterStep = 95 };
        var context = new ScriptedOrchestrationContext("scale-in-7", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned));

        result.Outcome.ShouldBe("reverted", result.Message);
        azure.Capacities.ShouldBe([3, 5]);
        azure.Journal.Single(e => e.Kind == "reverted").Change.ShouldBe(new CapacityChange(azure.Journal[^1].At, CapacityChangeKind.Revert, 3, 5));
    }

    [Fact]
    public async Task RunAsync_FixedHeadroom_WaitsTheWindowOnceWithoutLearning()
    {
        var azure = new ScriptedPlan(capacity: 5, required: []);
        var context = new ScriptedOrchestrationContext("scale-in-3", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(Learned with { Headroom = HeadroomMode.Fixed }));

        result.Outcome.ShouldBe("scaled-in", result.Message);
        context.Calls.Select(c => c.Name).ShouldNotContain(ActivityNames.LearnHeadroom);
        context.Timers.Select(t => t - Start).ShouldBe([TimeSpan.FromMinutes(5)]);
    }

    private static ScaleInInput Input(ScaleInPolicy policy) => new(Plan, DryRun: false, "test", policy, [], SweepInterval: TimeSpan.FromMinutes(1));

    /// <summary>A quiet plan (30 % CPU everywhere, nothing queued, no sites to drain) whose learned headroom answers from a script.</summary>
    private sealed class ScriptedPlan(int capacity, int[] required)
    {
        private readonly ScriptedPlanWrites _writes = new(Plan, capacity);
        private int _learned;

        public List<int> Capacities => _writes.Capacities;

        public int Capacity => _writes.Capacity;

        /// <summary>Gets a capacity someone else sets just before the run's first write reaches the plan.</summary>
        public int? RaiseBeforeWrite { init => _writes.ExternalBeforeWrite = value; }

        /// <summary>Someone else sets <paramref name="capacity"/> just before the run's next write reaches the plan.</summary>
        public void RaiseBeforeNextWrite(int capacity) => _writes.ExternalBeforeWrite = capacity;

        /// <summary>Gets after how many readings of the learned headroom someone else sets the capacity to <see cref="RaiseTo"/>.</summary>
        public int RaiseAfterReadings { get; init; } = int.MaxValue;

        /// <summary>Gets the capacity someone else sets during the window.</summary>
        public int RaiseTo { get; init; }

        /// <summary>Gets the plan CPU % once the run has written a capacity (30 % before and otherwise).</summary>
        public double CpuAfterStep { get; init; } = 30;

        public List<JournalEntry> Journal => _writes.Journal;

        public object? Answer(string name, object? input) => name switch
        {
            ActivityNames.GetPlanGuards => new PlanGuards([], null),
            ActivityNames.GetPlan => _writes.State(),
            ActivityNames.ObserveCapacity => new CapacityHistory(new DateTimeOffset(Start).AddHours(-1), false, _writes.Capacity),
            ActivityNames.ReadPlanMetrics => _writes.Metrics((PlanMetricsRequest)input!, _writes.Capacities.Count > 0 ? CpuAfterStep : 30),
            ActivityNames.ReadJournal => (IReadOnlyList<JournalEntry>)[],
            ActivityNames.ReadDrainFacts => new DrainFacts([], ((DrainFactsRequest)input!).To - ((DrainFactsRequest)input!).From),
            ActivityNames.LearnHeadroom => Headroom(),
            ActivityNames.SetPlanCapacity => _writes.Set((CapacityRequest)input!),
            ActivityNames.SetVeto => true,
            ActivityNames.AppendJournal => _writes.Append((JournalEntry)input!),
            ActivityNames.EnqueueNotification => 1,
            _ => throw new InvalidOperationException($"unexpected activity {name}"),
        };

        /// <summary>Gets or sets after how many readings the learned headroom cannot be read any more (the activity fails).</summary>
        public int FailReadingsAfter { get; init; } = int.MaxValue;

        private HeadroomReading Headroom()
        {
            if (_learned >= FailReadingsAfter)
            {
                _learned++;
                throw new Microsoft.DurableTask.TaskFailedException("LearnHeadroom", 0, new InvalidOperationException("metrics unavailable"));
            }

            if (_learned == RaiseAfterReadings)
            {
                _writes.External(RaiseTo);
            }

            var need = required[Math.Min(_learned++, required.Length - 1)];
            var learned = new LearnedHeadroom(new HeadroomSetting(1.1, 5, Seasonal: false), 1.05, 3 * 24 * 60, 0.01, 1, Learned: true, 32);
            var estimate = new HeadroomEstimate(0.1, 3, 1.05, learned.Setting, need / 1.1, null, need, need - (need / 1.1), Learned: true, 0.01);
            return new HeadroomReading(learned, estimate);
        }
    }
}
