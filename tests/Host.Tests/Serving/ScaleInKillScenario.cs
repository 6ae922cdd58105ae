using System.Globalization;
using System.Text.Json;
using Seamless.Host.Tests.Support;
using Seamless.Simulator.Fleet;
using Xunit.Abstractions;

namespace Seamless.Host.Tests.Serving;

/// <summary>Where a scale-in step is crashed.</summary>
public enum ScaleInKillAt
{
    /// <summary>The Host has sent the capacity change; a hold keeps it from the platform.</summary>
    CapacityRequestSent,

    /// <summary>The platform has accepted the capacity change and an lroHold keeps it running.</summary>
    CapacityChangeRunning,

    /// <summary>The step is done and journaled; verification's first read of the site's metrics (after its window) is held.</summary>
    Verifying,
}

/// <summary>Where to crash a scale-in step, and whether the step turns out harmful (the load rises after it).</summary>
/// <param name="Name">The case name.</param>
/// <param name="At">The kill point.</param>
/// <param name="Harmful">Raise the load after the step so that verification reverts it.</param>
public sealed record ScaleInKillPoint(string Name, ScaleInKillAt At, bool Harmful = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// The black-box scale-in crash scenario: simulator + <c>seamless serve</c> with the scale-in timer on,
/// the default plan (3 instances) under a load 2 carry, SIGKILL of the Host inside the step, restart on
/// the same data, then the journal, the plan and the simulator's own record of capacity writes.
/// </summary>
internal static class ScaleInKillScenario
{
    private const int OriginalCapacity = 3;
    private const double LowLoad = 600;

    /// <summary>2 instances serve 2,000 requests/min: this overloads them (3 would run at 87 %).</summary>
    private const double HarmfulLoad = 2600;

    /// <summary>The site's production metrics (what verification samples; the plan's own metrics are on the serverfarm).</summary>
    private const string SiteMetrics = "/sites/app-demo/providers/Microsoft.Insights/metrics";

    /// <summary>
    /// The whole policy, explicitly: the scenario must not depend on the defaults (tuned elsewhere).
    /// One step of one instance (3 → 2, the floor); a verification window long enough to crash inside;
    /// a revert vetoes for the rest of the test.
    /// </summary>
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Seamless__ScaleIn__Enabled"] = "true",
        ["SCALE_IN_SCHEDULE"] = "0 * * * * *",
        // Fixed headroom: the cases count the writes of one scale-in step and its revert; a learned-headroom sweep on
        // the plan a harmful build keeps busy would add instances of its own (tested in ScaleInOrchestratorTests).
        ["Seamless__ScaleIn__Policy__Headroom"] = "Fixed",
        ["Seamless__ScaleIn__Policy__ScaleOutCpu"] = "90",
        ["Seamless__ScaleIn__Policy__Margin"] = "10",
        ["Seamless__ScaleIn__Policy__ScaleOutMemory"] = "95",
        ["Seamless__ScaleIn__Policy__ScaleOutQueuePerInstance"] = "10",
        ["Seamless__ScaleIn__Policy__HottestInstanceLimit"] = "95",
        ["Seamless__ScaleIn__Policy__Min"] = "2",
        ["Seamless__ScaleIn__Policy__Max"] = "30",
        ["Seamless__ScaleIn__Policy__Window"] = "00:05:00",
        ["Seamless__ScaleIn__Policy__Tolerance"] = "0.05",
        ["Seamless__ScaleIn__Policy__Cooldown"] = "00:05:00",
        ["Seamless__ScaleIn__Policy__RateLimitInstances"] = "1",
        ["Seamless__ScaleIn__Policy__RateLimitPeriod"] = "00:10:00",
        ["Seamless__ScaleIn__Policy__MaxStep"] = "1",
        ["Seamless__ScaleIn__Policy__SeasonalHorizon"] = "00:20:00",
        ["Seamless__ScaleIn__Policy__MissingSeasonalData"] = "Skip",
        ["Seamless__ScaleIn__Policy__VerifyWindow"] = "00:10:00",
        ["Seamless__ScaleIn__Policy__VerifyMax5xxIncreasePoints"] = "0.5",
        ["Seamless__ScaleIn__Policy__VerifyMaxLatencyIncreasePercent"] = "20",
        ["Seamless__ScaleIn__Policy__VerifyMinLatencyIncreaseMs"] = "50",
        ["Seamless__ScaleIn__Policy__AlertVeto"] = "00:05:00",
        ["Seamless__ScaleIn__Policy__RevertVeto"] = "1.00:00:00",
    };

    public static async Task RunAsync(ScaleInKillPoint point, ITestOutputHelper output)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var ct = cts.Token;
        await using var fleet = new BlackBoxFleet(Settings);
        IReadOnlyList<JournalView> journal = [];
        try
        {
            await fleet.StartSimulatorAsync(ct);
            await fleet.SetLoadAsync(LowLoad, ct);
            await fleet.HoldAsync("setCapacity", point.At == ScaleInKillAt.CapacityRequestSent ? "hold" : "lroHold", null, ct);
            await fleet.StartHostAsync(ct);
            await fleet.WaitUntilHeldAsync("setCapacity", ct);
            if (point.At == ScaleInKillAt.Verifying)
            {
                // The step's capacity change is running: the baseline of the site's metrics was read before it, so the
                // next read of them is verification's. Hold that one, then let the change finish.
                if (point.Harmful)
                {
                    // Raised before the step lands, so the whole verification window sees two instances overloaded.
                    await fleet.SetLoadAsync(HarmfulLoad, ct);
                }

                await fleet.HoldAsync("metrics", "hold", SiteMetrics, ct);
                await fleet.ReleaseAsync("setCapacity", ct);
                await fleet.WaitUntilHeldAsync("metrics", ct);
            }

            var atKill = await fleet.ScaleIn.TryDecisionsAsync(DefaultFleet.PlanId, ct) ?? [];
            fleet.KillHost();
            output.WriteLine($"killed with the journal at:{Environment.NewLine}{ScaleInApi.Describe(atKill)}");

            // The kill landed inside the step: held before its outcome (and, while acting, before the step) was journaled.
            atKill.ShouldNotContain(e => e.Kind == "verified" || e.Kind == "reverted", "the step was judged before the kill");
            if (point.At == ScaleInKillAt.Verifying)
            {
                atKill.ShouldContain(e => e.Kind == "scale-in", "verification is held only once the step is journaled");
            }

            await fleet.StartHostAsync(ct);
            var restartedAt = await fleet.SimulatedNowAsync(ct);
            await fleet.ReleaseAsync(null, ct);
            journal = await WaitForJudgedAsync(fleet, ct);

            string described = ScaleInApi.Describe(journal);
            var step = journal.Single(e => e.Kind == "scale-in");
            step.FromCapacity.ShouldBe(OriginalCapacity, described);
            step.ToCapacity.ShouldBe(OriginalCapacity - 1, described);
            journal.Count(e => e.Kind == "decision" && e.Action == "ScaleIn").ShouldBe(1, described);
            var outcome = journal.Single(e => e.Kind is "verified" or "reverted");
            outcome.Kind.ShouldBe(point.Harmful ? "reverted" : "verified", described);
            outcome.At.ShouldBeGreaterThan(step.At);

            // Not stuck: a later evaluation ran (the instance finished) and held.
            var next = journal.First(e => e.Kind == "decision" && e.At > outcome.At);
            next.Action.ShouldBe("Hold", described);
            if (point.Harmful)
            {
                outcome.Summary.ShouldContain("vetoed", Case.Insensitive);
                next.DecidingRule.ShouldBe("veto", described);
            }

            // The plan is what the journal says, and exactly one write per change reached the platform.
            int expected = point.Harmful ? step.FromCapacity!.Value : step.ToCapacity!.Value;
            var plan = await fleet.PlanAsync(ct);
            plan.GetProperty("capacity").GetInt32().ShouldBe(expected, described);
            Scaling(plan).ShouldBeFalse();
            var writes = (await fleet.OperationsAsync(ct)).Where(o => o.GetProperty("kind").GetString() == "setCapacity").ToList();
            var changes = writes.Select(o => $"{Str(o, "detail")} {Str(o, "result")}").ToList();
            string[] expectedChanges = point.Harmful
                ? [Change(OriginalCapacity, OriginalCapacity - 1), Change(OriginalCapacity - 1, OriginalCapacity)]
                : [Change(OriginalCapacity, OriginalCapacity - 1)];
            changes.ShouldBe(expectedChanges, ignoreOrder: false, customMessage: described);
            if (point.At == ScaleInKillAt.CapacityChangeRunning)
            {
                // The restarted Host met its own write still running on the platform (what the case is about). Simulated
                // time may stand still from the restart to the release, so the change can end at the very instant.
                writes[0].GetProperty("completedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(restartedAt, "the held capacity change ended before the Host was back");
            }
        }
        catch
        {
            output.WriteLine($"journal:{Environment.NewLine}{ScaleInApi.Describe(journal)}");
            output.WriteLine(fleet.Diagnostics);
            throw;
        }
    }

    /// <summary>True while a capacity change runs on the plan (the simulator shows its pending capacity).</summary>
    private static bool Scaling(JsonElement plan) =>
        plan.TryGetProperty("pendingCapacity", out var pending) && pending.ValueKind == JsonValueKind.Number;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Change(int from, int to) => string.Create(CultureInfo.InvariantCulture, $"{from} -> {to} Succeeded");

    /// <summary>Waits until the step is judged, a later evaluation has run, and the plan is not scaling.</summary>
    private static async Task<IReadOnlyList<JournalView>> WaitForJudgedAsync(BlackBoxFleet fleet, CancellationToken ct)
    {
        IReadOnlyList<JournalView> journal = [];
        try
        {
            while (true)
            {
                journal = await fleet.ScaleIn.TryDecisionsAsync(DefaultFleet.PlanId, ct) ?? journal;
                var judged = journal.FirstOrDefault(e => e.Kind is "verified" or "reverted");
                if (judged is not null
                    && journal.Any(e => e.Kind == "decision" && e.At > judged.At)
                    && !Scaling(await fleet.PlanAsync(ct)))
                {
                    return journal;
                }

                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException($"The step was never judged after the restart (stuck or failed). Journal:{Environment.NewLine}{ScaleInApi.Describe(journal)}", ex);
        }
    }
}
