using System.Text.Json;
using Seamless.Core.Model;
using Seamless.Core.Notifications;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>
/// The sweep tells the operator when a plan's promise turns: the account its learning made against the one the plan's
/// previous decision carried (read back from the journal as JSON, as the store returns it). A scripted context, no engine.
/// </summary>
public sealed class ScaleInPromiseScriptedTests
{
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan";
    private static readonly DateTime Start = new(2026, 12, 1, 10, 0, 30, DateTimeKind.Utc);
    private static readonly DateTimeOffset Through = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Eleven days held; 3 overloaded minutes keep the budget (15.84 allowed), 20 do not.</summary>
    private static PromiseAccount Account(int overloaded) => new(0.1, Through.AddDays(-11), Through, 11 * 1440, overloaded, 1440, 0, 4.2, 3.1);

    public static TheoryData<string, int?, int, string?> Turns => new()
    {
        // name, overloaded minutes the previous decision's account showed (null: no previous decision), now, the turn told
        { "kept, then missed: told", 3, 20, "missed" },
        { "missed, then kept: told", 20, 3, "kept" },
        { "missed, and still missed: not told again", 20, 20, null },
        { "kept, and still kept: nothing to tell", 3, 3, null },
        { "the first account misses: told", null, 20, "missed" },
        { "the first account keeps it: nothing to tell", null, 3, null },
    };

    [Theory]
    [MemberData(nameof(Turns))]
    public async Task RunAsync_ThePromiseTurnsOrNot_JournalsAndNotifiesOnlyATurn(string name, int? before, int now, string? told)
    {
        var azure = new QuietPlan(Account(now), before is { } b ? Account(b) : null, minimumToKeepBudget: 5);
        var context = new ScriptedOrchestrationContext("scale-in-promise", Start, azure.Answer);

        var result = await new ScaleInOrchestrator().RunAsync(context, Input(dryRun: false));

        result.Outcome.ShouldBe("held", name);
        var notifications = context.Calls.Where(c => c.Name == ActivityNames.EnqueueNotification).Select(c => (NotificationEvent)c.Input!).ToList();
        if (told is null)
        {
            azure.Writes.Journal.Select(e => e.Kind).ShouldBe(["decision"], name);
            notifications.ShouldBeEmpty(name);
            return;
        }

        azure.Writes.Journal.Select(e => e.Kind).ShouldBe(["decision", "promise"], name);
        ((ScaleInDecision)azure.Writes.Journal[0].Detail!).PromiseKept.ShouldBe(told == "kept", "the decision carries the promise as now told");
        var turn = (PromiseChange)azure.Writes.Journal[1].Detail!;
        var notification = notifications.ShouldHaveSingleItem(name);
        notification.Type.ShouldBe(NotificationEventTypes.Promise);
        notification.Source.ShouldBe(Plan);
        notification.Data["outcome"].ShouldBe(told, name);
        notification.Data["overloadedMinutes"].ShouldBe(now.ToString(System.Globalization.CultureInfo.InvariantCulture), name);
        notification.Summary.ShouldBe($"Seamless: plan: {turn.Message}", name);
        if (told == "missed")
        {
            turn.Message.ShouldBe($"the promise is missed: {Account(now).Summary}; a plan minimum of 5 instances would have kept it on the history learned from", name);
            notification.Data["minimumToKeepBudget"].ShouldBe("5", name);
        }
        else
        {
            turn.Message.ShouldBe($"the promise is kept again: {Account(now).Summary}", name);
        }
    }

    [Fact]
    public async Task RunAsync_ToldMissedAndTheAccountWithinTheBudgetButNotBackUnderNineTenths_TellsNothingAndCarriesMissed()
    {
        // 15 of 15.84 allowed: within the budget, not under 14.26 (nine tenths of it). The previous decision told it missed.
        var azure = new QuietPlan(Account(15), Account(20), minimumToKeepBudget: null) { ToldBefore = false };
        var context = new ScriptedOrchestrationContext("scale-in-promise-hover", Start, azure.Answer);

        await new ScaleInOrchestrator().RunAsync(context, Input(dryRun: false));

        azure.Writes.Journal.Select(e => e.Kind).ShouldBe(["decision"]);
        ((ScaleInDecision)azure.Writes.Journal[0].Detail!).PromiseKept.ShouldBe(false);
        context.Calls.Select(c => c.Name).ShouldNotContain(ActivityNames.EnqueueNotification);
    }

    [Fact]
    public async Task RunAsync_DryRun_TellsNothing()
    {
        var azure = new QuietPlan(Account(20), Account(3), minimumToKeepBudget: null);
        var context = new ScriptedOrchestrationContext("scale-in-promise-dry", Start, azure.Answer);

        await new ScaleInOrchestrator().RunAsync(context, Input(dryRun: true));

        azure.Writes.Journal.Select(e => e.Kind).ShouldBe(["decision"]);
        context.Calls.Select(c => c.Name).ShouldNotContain(ActivityNames.EnqueueNotification);
    }

    private static ScaleInInput Input(bool dryRun) => new(Plan, dryRun, "test", ScaleInPolicy.Default, [], SweepInterval: TimeSpan.FromMinutes(1));

    /// <summary>A plan of 3 at 30 % CPU whose learned headroom requires its 3: every sweep holds.</summary>
    private sealed class QuietPlan(PromiseAccount now, PromiseAccount? before, int? minimumToKeepBudget)
    {
        public ScriptedPlanWrites Writes { get; } = new(Plan, 3);

        /// <summary>Gets the promise as the previous decision told it (null: a decision journaled before it was carried).</summary>
        public bool? ToldBefore { get; init; }

        public object? Answer(string name, object? input) => name switch
        {
            ActivityNames.GetPlanGuards => new PlanGuards([], null),
            ActivityNames.GetPlan => Writes.State(),
            ActivityNames.ObserveCapacity => new CapacityHistory(new DateTimeOffset(Start).AddHours(-1), false, 3),
            ActivityNames.ReadPlanMetrics => Writes.Metrics((PlanMetricsRequest)input!, 30),
            ActivityNames.ReadJournal => Previous(),
            ActivityNames.ReadDrainFacts => new DrainFacts([], ((DrainFactsRequest)input!).To - ((DrainFactsRequest)input!).From),
            ActivityNames.LearnHeadroom => Reading(now),
            ActivityNames.AppendJournal => Writes.Append((JournalEntry)input!),
            ActivityNames.EnqueueNotification => 1,
            _ => throw new InvalidOperationException($"unexpected activity {name}"),
        };

        /// <summary>The journal as the store returns it: the previous sweep's decision, its detail JSON, then a later entry of another kind.</summary>
        private IReadOnlyList<JournalEntry> Previous()
        {
            if (before is null)
            {
                return [];
            }

            var at = new DateTimeOffset(Start).AddMinutes(-1);
            var decision = new ScaleInDecision(ScaleInAction.Hold, 3, 3, "headroom", "required", "held", [], [], at.AddMinutes(5)) { Headroom = Reading(before).Estimate, PromiseKept = ToldBefore };
            var detail = JsonDocument.Parse(WorkflowJson.Serialize(decision)!).RootElement.Clone();
            return [new JournalEntry(Plan, at, "decision", "Hold: held", "scale-in-earlier", detail), new JournalEntry(Plan, at, "veto", "alert", "alert-1", null)];
        }

        private HeadroomReading Reading(PromiseAccount account)
        {
            var learned = new LearnedHeadroom(new HeadroomSetting(1.1, 5, Seasonal: false), 1.05, 3 * 24 * 60, 0.01, 1, Learned: true, 32) { Promise = account, MinimumToKeepBudget = minimumToKeepBudget };
            var estimate = new HeadroomEstimate(0.1, 3, 1.05, learned.Setting, 2.5, null, 3, 0.5, Learned: true, 0.01) { Promise = account, MinimumToKeepBudget = minimumToKeepBudget };
            return new HeadroomReading(learned, estimate);
        }
    }
}
