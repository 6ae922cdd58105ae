using System.Text;
using Seamless.Core.Model;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Tests.Infrastructure;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

/// <summary>
/// The upgrade orchestrator on a scripted <c>TaskOrchestrationContext</c>: what it does when something
/// other than an activity fails, how big its custom status gets over a day-long guard window, and
/// that early timers do not shorten the guard window. Milliseconds per test, no engine.
/// </summary>
public sealed class UpgradeRunScriptedTests
{
    private const string Site = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/app";
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan";
    private static readonly DateTime Start = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RunAsync_NonActivityExceptionBeforeTheSwap_RestoresTheSiteAndReleasesTheLease()
    {
        var azure = new ScriptedAzure { FailBaseline = new InvalidOperationException("metrics payload could not be read") };
        var context = new ScriptedOrchestrationContext("upgrade-1", Start, azure.Answer);

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(Policy()));

        result.Outcome.ShouldBe(UpgradeOutcome.RolledBack);
        result.Reason.ShouldContain("InvalidOperationException");
        var calls = context.Calls.Select(c => c.Name).ToList();
        calls.ShouldNotContain(ActivityNames.SwapSlots);
        calls.ShouldContain(ActivityNames.ResetSlotConfig);
        calls.IndexOf(ActivityNames.ReleasePlanLease).ShouldBeGreaterThan(calls.IndexOf(ActivityNames.ResetSlotConfig));
        calls.ShouldContain(ActivityNames.ReleaseSiteLock);
    }

    [Fact]
    public async Task RunAsync_DayLongGuardWindowAtOneMinute_StatusStaysUnder16KbAndTheRecordKeepsEveryVerdict()
    {
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-2", Start, azure.Answer);
        var policy = Policy() with { GuardWindow = TimeSpan.FromHours(24), GuardInterval = TimeSpan.FromMinutes(1) };

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        int largest = context.Statuses.Max(s => Encoding.UTF8.GetByteCount(s));
        largest.ShouldBeLessThan(16 * 1024);
        result.Status.VerdictCount.ShouldBeGreaterThanOrEqualTo(24 * 60);
        result.Status.Verdicts.Count.ShouldBeLessThanOrEqualTo(UpgradeStatusBudget.RecentVerdicts);
        var record = (UpgradeStatus)context.Calls.Single(c => c.Name == ActivityNames.SaveUpgradeRecord).Input.ShouldBeOfType<UpgradeRecordUpdate>().Record;
        record.Verdicts.Count(v => v.Gate == "guard").ShouldBe(24 * 60);

        // The guard reads what is new (and two minutes again), so the history grows with the window, not its square.
        double minutesRead = azure.GuardReads.Sum(r => (r.To - r.From).TotalMinutes);
        minutesRead.ShouldBeLessThan(4 * 24 * 60);
    }

    [Fact]
    public async Task RunAsync_TimersFireASecondEarly_GuardWindowIsNotShortened()
    {
        var azure = new ScriptedAzure();
        var context = new ScriptedOrchestrationContext("upgrade-3", Start, azure.Answer) { EarlyFire = TimeSpan.FromSeconds(1) };
        var policy = Policy() with { GuardWindow = TimeSpan.FromMinutes(10), GuardInterval = TimeSpan.FromMinutes(2) };

        var result = await new UpgradeOrchestrator().RunAsync(context, Input(policy));

        result.Outcome.ShouldBe(UpgradeOutcome.Promoted, result.Reason);
        // The guard's reads, together, cover the whole window from the swap.
        var guardReads = azure.GuardReads;
        (guardReads[^1].To - guardReads[0].From).ShouldBeGreaterThanOrEqualTo(policy.GuardWindow);
        guardReads.Count.ShouldBe(5);
    }

    private static UpgradePolicy Policy() => UpgradePolicy.Default with
    {
        Warmup = new WarmupPolicy { ConsecutivePasses = 1, ProbeInterval = TimeSpan.FromSeconds(5) },
        GuardWindow = TimeSpan.FromMinutes(4),
        GuardInterval = TimeSpan.FromMinutes(2),
    };

    private static UpgradeInput Input(UpgradePolicy policy) =>
        new(Site, "staging", "production", "v2", "swap", "delivery-1", policy, new DateTimeOffset(Start));

    /// <summary>A healthy site answering every activity the upgrade calls; records metric reads.</summary>
    private sealed class ScriptedAzure
    {
        public Exception? FailBaseline { get; init; }

        public List<SlotMetricsRequest> MetricReads { get; } = [];

        /// <summary>Gets the metric reads made after the swap (the guard window's).</summary>
        public List<SlotMetricsRequest> GuardReads { get; } = [];

        private bool Swapped { get; set; }

        public object? Answer(string name, object? input) => name switch
        {
            ActivityNames.CheckManaged => null,
            ActivityNames.GetSite => Slot(((SiteRequest)input!).Slot ?? "production"),
            ActivityNames.GetPlan => new PlanState(Plan, "westeurope", "P1v3", "PremiumV3", 3, false, 30, "Succeeded"),
            ActivityNames.GetAppSettingNames => new List<string> { "A" },
            ActivityNames.GetSlotConfigNames => new SlotConfigNames([], []),
            ActivityNames.ListInstances => new List<SiteInstance> { new("i1", "READY"), new("i2", "READY") },
            ActivityNames.ProbeSlot => Probes((ProbeSlotRequest)input!),
            ActivityNames.ReadSlotMetrics => Metrics((SlotMetricsRequest)input!),
            ActivityNames.SetRouting => ((RoutingRequest)input!).Percentage,
            ActivityNames.SwapSlots => Swap(),
            _ => true,
        };

        private SwapResult Swap()
        {
            Swapped = true;
            return new SwapResult(true, new SlotSwapStatus(DateTimeOffset.MinValue, "staging", "production"));
        }

        private static SiteState Slot(string slot) =>
            new(Site, slot, "Running", null, null, Plan, $"app-{slot}.azurewebsites.net", [], "westeurope");

        private static List<ProbeObservation> Probes(ProbeSlotRequest request) =>
            [.. request.InstanceIds.DefaultIfEmpty(null).SelectMany(i => request.Paths.Select(p => new ProbeObservation(i, p, 200, TimeSpan.FromMilliseconds(20), DateTimeOffset.MinValue)))];

        private SlotMetrics Metrics(SlotMetricsRequest request)
        {
            MetricReads.Add(request);
            if (Swapped)
            {
                GuardReads.Add(request);
            }
            if (FailBaseline is not null && request.To - request.From >= TimeSpan.FromMinutes(4))
            {
                throw FailBaseline;
            }

            var minutes = new List<SlotMinute>();
            for (var t = request.From; t < request.To; t = t.AddMinutes(1))
            {
                minutes.Add(new SlotMinute(t, 600, 0, 0.12 + (minutes.Count % 3 * 0.01)));
            }

            return new SlotMetrics(minutes);
        }
    }
}
