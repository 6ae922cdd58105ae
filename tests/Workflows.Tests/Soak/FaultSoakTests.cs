using Microsoft.DurableTask.Client;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api;
using Seamless.Core.Resources;
using Seamless.Core.Time;
using Seamless.Host.Cli;
using Seamless.Host.Demo;
using Seamless.Host.Serving;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;
using Xunit.Abstractions;

namespace Seamless.Workflows.Tests.Soak;

/// <summary>
/// Fault soak (issue 8): 100 upgrades and 100 scale-in runs against the simulator while about 10 % of
/// ARM and metrics calls fail (429 + Retry-After, 500, 503, slow calls, 409, failed long-running
/// operations). Nothing may get stuck and every site and plan must be consistent afterwards.
/// Counts go to the test output; nothing here asserts a duration.
/// </summary>
[LongRunning]
public sealed class FaultSoakTests(ITestOutputHelper output)
{
    private const int Rounds = 10;
    private const int UpgradeSites = 10;
    private const int ScaleInRunsPerPlan = 10;
    private const string Subscription = "33333333-3333-3333-3333-333333333333";
    private const string ResourceGroup = "rg-soak";

    /// <summary>An instance that has not finished this long (simulated) after it started is stuck.</summary>
    private static readonly TimeSpan StuckBound = TimeSpan.FromHours(4);

    /// <summary>Real-time ceiling of the whole soak (a hang fails the test instead of the run).</summary>
    private static readonly TimeSpan RealCap = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Soak_TenPercentArmAndMetricsFaults_NothingStuckAndEverySiteAndPlanConsistent()
    {
        var fleet = SoakFleet(out var upgradeSites, out var plans);
        string key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        string data = Path.Combine(Path.GetTempPath(), "seamless-soak-" + Guid.NewGuid().ToString("N")[..12]);
        await using var server = await SeamlessServer.StartAsync(new ServeSettings
        {
            Urls = "http://127.0.0.1:0",
            Simulate = true,
            VirtualTime = true,
            DataDirectory = data,
            Overrides = Configuration(key),
            Fleet = fleet,
        });
        var sim = server.Simulator!.State;
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var api = new SeamlessApiClient(http, key);
        var engine = server.Services.GetRequiredService<DurableTaskClient>();
        var journal = server.Services.GetRequiredService<DecisionJournal>();
        var initialCapacity = sim.Snapshot().Plans.ToDictionary(p => p.Name, p => p.Capacity);
        var initialVersion = upgradeSites.ToDictionary(s => s, s => sim.Snapshot().Site(s).Slot("production").Version);
        using var cap = new CancellationTokenSource(RealCap);
        var clock = Stopwatch.StartNew();
        InjectFaults(sim);
        var faultsFrom = sim.Now;

        var upgradeDrivers = upgradeSites.Select(_ => new Driver(engine, server.VirtualClock!)).ToList();
        var scaleInDrivers = plans.Select(_ => new Driver(engine, server.VirtualClock!)).ToList();
        var upgradesTask = Task.WhenAll(upgradeSites.Select((site, i) => UpgradeSiteAsync(sim, api, upgradeDrivers[i], site, i, cap.Token)));
        var scaleInTask = ScaleInRunsAsync(sim, api, engine, scaleInDrivers, plans, cap.Token);
        var upgrades = (await upgradesTask).SelectMany(r => r).ToList();
        var scaleIns = await scaleInTask;
        var faultsActiveUntil = sim.Now;
        sim.ClearFaults();
        var stillRunning = await DrainAsync(engine, sim, cap.Token);
        var settled = sim.Now.AddMinutes(1); // one simulated minute: LROs settle
        while (sim.Now < settled)
        {
            await Task.Delay(20, cap.Token);
        }
        var snapshot = sim.Snapshot();
        var operations = sim.Operations;
        var finalUpgrades = new List<SoakUpgrade>();
        foreach (var u in upgrades)
        {
            finalUpgrades.Add(u.View is { Outcome: not null } ? u : u with { View = await api.GetUpgradeAsync(u.Id, CancellationToken.None) });
        }

        var advances = ((VirtualClock)server.Simulator!.Clock).Advances;
        var report = Report(finalUpgrades, scaleIns, operations, stillRunning, clock.Elapsed, faultsActiveUntil - faultsFrom, advances);
        output.WriteLine(report);

        var problems = new List<string>();
        problems.AddRange(stillRunning.Select(s => $"stuck: {s}"));
        foreach (var u in finalUpgrades)
        {
            problems.AddRange(CheckUpgrade(u, operations));
        }

        foreach (string site in upgradeSites)
        {
            problems.AddRange(CheckSiteAtEnd(snapshot, site, initialVersion[site], finalUpgrades.Where(u => u.Site == site).ToList()));
        }

        foreach (var plan in snapshot.Plans)
        {
            var entries = await journal.ListAsync(AzureResourceId.Parse(plan.Id), DecisionJournal.MaxLimit, CancellationToken.None);
            problems.AddRange(CheckPlan(plan, initialCapacity[plan.Name], entries));
        }

        problems.AddRange(scaleIns.Where(r => r.Outcome == "Failed" && string.IsNullOrWhiteSpace(r.Reason)).Select(r => $"scale-in {r.Plan} run {r.Run} failed without a reason"));
        output.WriteLine(problems.Count == 0 ? "no problems" : "problems:\n  " + string.Join("\n  ", problems));

        finalUpgrades.Count.ShouldBe(Rounds * UpgradeSites, report);
        scaleIns.Count.ShouldBe(ScaleInRunsPerPlan * plans.Count, report);
        stillRunning.ShouldBeEmpty(report);
        problems.ShouldBeEmpty(report);
        operations.Count(o => o.Faulted).ShouldBeGreaterThan(100, "the soak must actually inject faults");
        finalUpgrades.Count(u => u.View?.Outcome == nameof(UpgradeOutcome.Promoted)).ShouldBeGreaterThan(0, report);
        scaleIns.Count(r => r.Outcome == "scaled-in").ShouldBeGreaterThan(0, report);
    }

    // ---------------------------------------------------------------- workload

    private static async Task<List<SoakUpgrade>> UpgradeSiteAsync(SimulatorState sim, SeamlessApiClient api, Driver driver, string site, int index, CancellationToken ct)
    {
        using var done = driver;
        var results = new List<SoakUpgrade>();
        string siteId = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Web/sites/{site}";
        string strategy = index % 3 == 0 ? "canary" : "swap";
        for (int round = 0; round < Rounds; round++)
        {
            string version = $"r{round}-{site}";
            sim.Deploy(site, "staging", Build(version, round, index));
            string before = sim.Snapshot().Site(site).Slot("production").Version;
            var started = sim.Now;
            (HttpStatusCode status, string? id, string body) = (0, null, string.Empty);
            for (int attempt = 0; attempt < 20 && id is null; attempt++)
            {
                // The site lock of the previous upgrade is released in its last step; a 409 here is the API saying so.
                (status, id, body) = await api.StartUpgradeAsync(
                    new { site = siteId, sourceSlot = "staging", targetSlot = "production", version, strategy },
                    $"soak-{site}-{round}",
                    ct);
                if (id is null)
                {
                    await Task.Delay(100, ct);
                }
            }

            if (id is null)
            {
                throw new InvalidOperationException($"The API refused the upgrade of {site} round {round} ({(int)status}): {body}");
            }

            driver.Started(id);
            bool abort = round == 5 && index < 3;
            var view = await WaitForUpgradeAsync(api, sim, id, started, abort, ct);
            var ended = sim.Now;
            string after = sim.Snapshot().Site(site).Slot("production").Version;
            results.Add(new SoakUpgrade(id, site, round, strategy, version, before, after, started, ended, view));
            if (view.Outcome is null)
            {
                break; // stuck: the site stays locked, no further round can start.
            }
        }

        return results;
    }

    private static async Task<UpgradeView> WaitForUpgradeAsync(SeamlessApiClient api, SimulatorState sim, string id, DateTimeOffset started, bool abort, CancellationToken ct)
    {
        UpgradeView view;
        bool aborted = false;
        while (true)
        {
            view = await api.GetUpgradeAsync(id, ct);
            if (view.Outcome is not null && view.Status is not ("Running" or "Pending"))
            {
                return view;
            }

            if (sim.Now - started > StuckBound)
            {
                return view with { Outcome = null };
            }

            if (abort && !aborted && view.Phase is UpgradePhases.WarmingUp or UpgradePhases.Canary or UpgradePhases.Guarding)
            {
                await api.PostAsync($"api/upgrades/{Uri.EscapeDataString(id)}/abort?reason=soak", null, ct);
                aborted = true;
            }

            await Task.Delay(25, ct);
        }
    }

    private static async Task<List<SoakScaleIn>> ScaleInRunsAsync(SimulatorState sim, SeamlessApiClient api, DurableTaskClient engine, IReadOnlyList<Driver> drivers, IReadOnlyList<string> plans, CancellationToken ct)
    {
        var results = new ConcurrentBag<SoakScaleIn>();
        await Task.WhenAll(plans.Select(async (plan, index) =>
        {
            using var driver = drivers[index];
            string planId = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Web/serverfarms/{plan}";
            for (int run = 0; run < ScaleInRunsPerPlan; run++)
            {
                var started = sim.Now;
                string? instanceId = null;
                for (int attempt = 0; attempt < 50 && instanceId is null; attempt++)
                {
                    var (status, body) = await api.PostAsync("api/scale-in/run", new { plan = planId }, ct);
                    status.ShouldBe(HttpStatusCode.Accepted, body);
                    using var doc = JsonDocument.Parse(body);
                    var start = doc.RootElement.GetProperty("runs")[0];
                    if (start.GetProperty("started").GetBoolean())
                    {
                        instanceId = start.GetProperty("instanceId").GetString();
                    }
                    else
                    {
                        // Refused while the plan's last run still ends: time may move meanwhile.
                        using var waiting = driver.Waiting();
                        await Task.Delay(50, ct);
                    }
                }

                instanceId.ShouldNotBeNull($"scale-in of {plan} never started");
                driver.Started(instanceId);
                var meta = await WaitForInstanceAsync(engine, sim, instanceId, started, ct);
                results.Add(ScaleInOutcome(plan, run, meta));
                if (meta is null || SingletonStart.IsActive(meta.RuntimeStatus))
                {
                    return; // stuck
                }

                // Spread the runs: the next one comes after the cooldown of a step, so steps can happen.
                var next = started + TimeSpan.FromMinutes(7);
                driver.NotBefore(next);
                while (sim.Now < next)
                {
                    await Task.Delay(20, ct);
                }
            }
        }));
        return [.. results.OrderBy(r => r.Plan, StringComparer.Ordinal).ThenBy(r => r.Run)];
    }

    /// <summary>
    /// One workload driver (a site's rounds of upgrades, a plan's scale-in runs). It acts in real time, so while it owes
    /// its next step (its last instance has ended and more are to come) simulated time stands still: otherwise a quiet
    /// moment between one run's end and the next start lets the clock jump (up to a far timer), and the next run's
    /// "started" time, read before the jump, makes it look stuck (the soak's old flake: ~1 run in 4 under load).
    /// </summary>
    private sealed class Driver : IDisposable
    {
        private readonly DurableTaskClient _engine;
        private readonly VirtualClock _clock;
        private readonly IDisposable _hold;
        private string? _current;
        private DateTimeOffset _notBefore = DateTimeOffset.MinValue;
        private int _waiting;
        private volatile bool _done;

        public Driver(DurableTaskClient engine, VirtualClock clock)
        {
            _engine = engine;
            _clock = clock;
            _hold = clock.HoldWhile(OwesNextStepAsync);
        }

        /// <summary>Records the instance the driver waits for now.</summary>
        public void Started(string instanceId)
        {
            _notBefore = DateTimeOffset.MinValue;
            Volatile.Write(ref _current, instanceId);
        }

        /// <summary>The next step waits until simulated <paramref name="at"/>: time moves until then.</summary>
        public void NotBefore(DateTimeOffset at) => _notBefore = at;

        /// <summary>While the returned scope is open the driver waits on the system (a refused start): time may move.</summary>
        public IDisposable Waiting()
        {
            Interlocked.Increment(ref _waiting);
            return new Released(this);
        }

        /// <summary>The driver has nothing more to start.</summary>
        public void Dispose()
        {
            _done = true;
            _hold.Dispose();
        }

        private async ValueTask<bool> OwesNextStepAsync(CancellationToken ct)
        {
            if (_done || Volatile.Read(ref _waiting) > 0 || _clock.GetUtcNow() < _notBefore)
            {
                return false;
            }

            if (Volatile.Read(ref _current) is not { } current)
            {
                return true;
            }

            var meta = await _engine.GetInstanceAsync(current, getInputsAndOutputs: false, ct);
            return meta is not null && !SingletonStart.IsActive(meta.RuntimeStatus);
        }

        private sealed class Released(Driver driver) : IDisposable
        {
            public void Dispose() => Interlocked.Decrement(ref driver._waiting);
        }
    }

    private static async Task<OrchestrationMetadata?> WaitForInstanceAsync(DurableTaskClient engine, SimulatorState sim, string instanceId, DateTimeOffset started, CancellationToken ct)
    {
        while (true)
        {
            var meta = await engine.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
            if (meta is { IsCompleted: true } || sim.Now - started > StuckBound)
            {
                return meta;
            }

            await Task.Delay(25, ct);
        }
    }

    private static SoakScaleIn ScaleInOutcome(string plan, int run, OrchestrationMetadata? meta)
    {
        if (meta is null || SingletonStart.IsActive(meta.RuntimeStatus))
        {
            return new SoakScaleIn(plan, run, "Stuck", meta?.RuntimeStatus.ToString() ?? "missing");
        }

        if (meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed && meta.ReadOutputAs<ScaleInResult>() is { } result)
        {
            return new SoakScaleIn(plan, run, result.Outcome, result.Message);
        }

        return new SoakScaleIn(plan, run, "Failed", meta.FailureDetails?.ErrorMessage ?? string.Empty);
    }

    /// <summary>After the faults are cleared, waits until no instance runs (bounded); returns those still running.</summary>
    private static async Task<List<string>> DrainAsync(DurableTaskClient engine, SimulatorState sim, CancellationToken ct)
    {
        var until = sim.Now + StuckBound;
        List<string> running;
        do
        {
            running = [];
            await foreach (var meta in engine.GetAllInstancesAsync(new OrchestrationQuery()).WithCancellation(ct))
            {
                if (SingletonStart.IsActive(meta.RuntimeStatus) && !meta.InstanceId.Contains("scale-out", StringComparison.Ordinal))
                {
                    running.Add($"{meta.InstanceId} ({meta.Name}, {meta.RuntimeStatus}, created {meta.CreatedAt:u})");
                }
            }

            if (running.Count == 0)
            {
                return running;
            }

            await Task.Delay(50, ct);
        }
        while (sim.Now < until);
        return running;
    }

    // ---------------------------------------------------------------- checks

    private static IEnumerable<string> CheckUpgrade(SoakUpgrade u, IReadOnlyList<SimOperation> operations)
    {
        string name = $"{u.Site} round {u.Round} ({u.Id})";
        var v = u.View!;
        if (v.Outcome is null)
        {
            yield return $"{name}: no outcome within {StuckBound} (phase {v.Phase}/{v.Step})";
            yield break;
        }

        if (string.IsNullOrWhiteSpace(v.Reason))
        {
            yield return $"{name}: {v.Outcome} without a reason";
        }

        if (u.After != u.Before && u.After != u.Version)
        {
            yield return $"{name}: production runs {u.After}, neither the previous {u.Before} nor the new {u.Version}";
        }

        bool promoted = v.Outcome == nameof(UpgradeOutcome.Promoted);
        if (v.Outcome != nameof(UpgradeOutcome.Failed) && promoted != (u.After == u.Version))
        {
            yield return $"{name}: outcome {v.Outcome} but production runs {u.After} (new {u.Version}, previous {u.Before}); reason: {v.Reason}";
        }

        int swaps = Swaps(operations, u.Site, u.Started, u.Ended);
        int expected = promoted ? 1 : (u.After == u.Before && SwappedAccordingToTimeline(v) ? 2 : 0);
        if (v.Outcome == nameof(UpgradeOutcome.Failed) ? swaps > 2 : swaps != expected)
        {
            var log = operations.Where(o => o.Kind == "slotsswap" && o.Target.Contains($"/sites/{u.Site}/", StringComparison.OrdinalIgnoreCase) && o.SimTime >= u.Started && o.SimTime <= u.Ended)
                .Select(o => $"{o.Id} {o.SimTime:HH:mm:ss.fff} {o.Result} {o.StatusCode} faulted={o.Faulted} done={o.CompletedAt:HH:mm:ss.fff}");
            yield return $"{name}: {swaps} completed swap(s) for outcome {v.Outcome} (expected {expected}); slotsswap log: {string.Join("; ", log)}; timeline: {Timeline(v)}";
        }
    }

    private static bool SwappedAccordingToTimeline(UpgradeView v) =>
        v.Timeline.Any(t => t.Change?.Kind == TimelineChangeKind.Swap);

    private static IEnumerable<string> CheckSiteAtEnd(FleetSnapshot snapshot, string site, string initial, IReadOnlyList<SoakUpgrade> upgrades)
    {
        var s = snapshot.Site(site);
        foreach (var slot in s.Slots.Where(x => x.TargetSwapSlot is not null))
        {
            yield return $"{site}: slot {slot.Name} still prepared for a swap to {slot.TargetSwapSlot}";
        }

        if (s.Routing.Values.Sum() != 0)
        {
            yield return $"{site}: routing still sends {s.Routing.Values.Sum()} % away from production";
        }

        if (s.OperationInProgress is not null)
        {
            yield return $"{site}: operation {s.OperationInProgress} still in progress";
        }

        string expected = upgrades.LastOrDefault(u => u.View?.Outcome == nameof(UpgradeOutcome.Promoted))?.Version ?? initial;
        var last = upgrades.Count > 0 ? upgrades[^1] : null;
        string production = s.Slot("production").Version;
        if (production != expected && !(last is not null && production == last.After))
        {
            yield return $"{site}: production runs {production}, expected {expected} (the last promoted version)";
        }
    }

    private static IEnumerable<string> CheckPlan(PlanSnapshot plan, int initialCapacity, IReadOnlyList<JournalEntry> entries)
    {
        if (plan.PendingCapacity is not null)
        {
            yield return $"{plan.Name}: a capacity change to {plan.PendingCapacity} is still pending";
        }

        if (plan.Capacity < 1 || plan.Capacity > Math.Min(30, plan.MaximumNumberOfWorkers))
        {
            yield return $"{plan.Name}: capacity {plan.Capacity} outside the policy bounds 1..30";
        }

        int? journalled = null;
        foreach (var e in entries.OrderBy(e => e.At))
        {
            journalled = CapacityFromJournal(e) ?? journalled;
        }

        int expected = journalled ?? initialCapacity;
        if (plan.Capacity != expected)
        {
            yield return $"{plan.Name}: capacity {plan.Capacity}, but the journal's last capacity set by Seamless is {expected}: "
                + string.Join(" | ", entries.Where(e => e.Kind != "decision").Select(e => $"{e.At:HH:mm:ss} {e.Kind}: {e.Summary}"));
        }
    }

    /// <summary>"scaled in 4 → 3" ⇒ 3; "reverted to 4 and vetoed …" ⇒ 4; "scaled out 2 → 3" ⇒ 3.</summary>
    private static int? CapacityFromJournal(JournalEntry entry)
    {
        var parts = entry.Summary.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (entry.Kind is "scale-in" or "scale-out")
        {
            int arrow = Array.IndexOf(parts, "→");
            return arrow > 0 && arrow + 1 < parts.Length && int.TryParse(parts[arrow + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int to) ? to : null;
        }

        if (entry.Kind == "reverted" && parts.Length > 2 && parts[1] == "to")
        {
            return int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int back) ? back : null;
        }

        return null;
    }

    /// <summary>Completed swaps of a site in a simulated interval (faulted and failed calls excluded).</summary>
    private static int Swaps(IReadOnlyList<SimOperation> operations, string site, DateTimeOffset from, DateTimeOffset to) =>
        operations.Count(o => o.Kind == "slotsswap"
            && o.Target.Contains($"/sites/{site}/", StringComparison.OrdinalIgnoreCase)
            && !o.Faulted
            && o.Result == "Succeeded"
            && o.SimTime >= from
            && o.SimTime <= to);

    // ---------------------------------------------------------------- report

    private static string Report(IReadOnlyList<SoakUpgrade> upgrades, IReadOnlyList<SoakScaleIn> scaleIns, IReadOnlyList<SimOperation> operations, List<string> stuck, TimeSpan elapsed, TimeSpan faultsActive, long advances)
    {
        var lines = new List<string>
        {
            $"fault soak: {upgrades.Count} upgrades, {scaleIns.Count} scale-in runs, virtual time ({advances} jumps), {elapsed.TotalSeconds:0} s real, workload {faultsActive.TotalHours:0.0} h simulated",
            "upgrades: " + Counts(upgrades.Select(u => u.View?.Outcome ?? "Stuck"), ["Promoted", "RolledBack", "Rejected", "Aborted", "Failed", "Stuck"]),
            "  by strategy: " + string.Join("; ", upgrades.GroupBy(u => u.Strategy).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {Counts(g.Select(u => u.View?.Outcome ?? "Stuck"), ["Promoted", "RolledBack", "Rejected", "Aborted", "Failed"])}")),
            "  reasons (first words): " + string.Join("; ", upgrades.Where(u => u.View?.Outcome is not (null or "Promoted")).GroupBy(u => $"{u.View!.Outcome}: {Gist(u.View.Reason)}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}")),
            "scale-in runs: " + Counts(scaleIns.Select(r => r.Outcome), ["held", "scaled-in", "reverted", "Failed", "Stuck"]),
            "faults injected (simulator log): " + Counts(operations.Where(o => o.Faulted).Select(o => o.Result.StartsWith("Faulted:", StringComparison.Ordinal) ? o.Result["Faulted:".Length..] : "lroFail"), [FaultSpec.Throttle, FaultSpec.Error500, FaultSpec.Error503, FaultSpec.Conflict, FaultSpec.LroFail])
                + " (delay faults are not logged by the simulator)",
            "faulted calls by operation: " + string.Join(", ", operations.Where(o => o.Faulted).GroupBy(o => o.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")),
            $"stuck: {stuck.Count}",
        };
        foreach (var u in upgrades.Where(u => u.View?.Outcome is "Failed" or null))
        {
            lines.Add($"  {u.Site} r{u.Round}: {u.View?.Outcome ?? "Stuck"} — {u.View?.Reason}");
        }

        foreach (var r in scaleIns.Where(r => r.Outcome is "Failed" or "Stuck"))
        {
            lines.Add($"  scale-in {r.Plan} #{r.Run}: {r.Outcome} — {r.Reason}");
        }

        return string.Join('\n', lines);
    }

    private static string Gist(string? reason) =>
        reason is null ? "-" : string.Join(' ', System.Text.RegularExpressions.Regex.Replace(reason, "[0-9a-f]{16,}", "<id>").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(16));

    private static string Counts(IEnumerable<string> values, string[] order)
    {
        var counts = values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        return string.Join(", ", order.Concat(counts.Keys.Except(order)).Select(k => $"{k} {counts.GetValueOrDefault(k)}"));
    }

    private static string Timeline(UpgradeView view) =>
        string.Join(" | ", view.Timeline.Select(t => $"{t.At:HH:mm:ss} {t.Phase}: {t.Message}"));

    // ---------------------------------------------------------------- set-up

    /// <summary>
    /// About 10 % of ARM and metrics calls fail, a mix of every kind (the first matching rule decides). Throttles
    /// and 503s ask for a retry at once: Azure.Core waits a Retry-After in real time, during which the call is work
    /// and simulated time stands still, so a second's wait would only make the soak slower, not harder.
    /// </summary>
    private static void InjectFaults(SimulatorState sim)
    {
        sim.InjectFault(new FaultSpec { Operation = "slotsswap", Kind = FaultSpec.LroFail, Probability = 0.08 });
        sim.InjectFault(new FaultSpec { Operation = "setCapacity", Kind = FaultSpec.LroFail, Probability = 0.08 });
        sim.InjectFault(new FaultSpec { Operation = "*", Kind = FaultSpec.Throttle, Probability = 0.025, RetryAfterSeconds = 0 });
        sim.InjectFault(new FaultSpec { Operation = "*", Kind = FaultSpec.Error500, Probability = 0.02 });
        sim.InjectFault(new FaultSpec { Operation = "*", Kind = FaultSpec.Error503, Probability = 0.02, RetryAfterSeconds = 0 });
        sim.InjectFault(new FaultSpec { Operation = "*", Kind = FaultSpec.Conflict, Probability = 0.02 });
        sim.InjectFault(new FaultSpec { Operation = "*", Kind = FaultSpec.Delay, Probability = 0.015, DelayMs = 1500 });
    }

    private static Dictionary<string, string?> Configuration(string key)
    {
        var config = DemoRunner.DemoConfiguration(key);
        config["Seamless:ScaleIn:Enabled"] = "false";

        config["Seamless:Upgrade:Warmup:ProbeInterval"] = "00:00:10";
        config["Seamless:Upgrade:Canary:StepInterval"] = "00:03:00";
        config["Seamless:Upgrade:GuardWindow"] = "00:05:00";
        config["Seamless:Upgrade:GuardInterval"] = "00:01:00";
        config["Seamless:Azure:MaxRetries"] = "2";
        config["Seamless:Azure:RetryDelay"] = "00:00:00.001";
        config["Seamless:Azure:MaxRetryDelay"] = "00:00:00.010";
        config["Seamless:Azure:OperationTimeout"] = "00:01:00";
        return config;
    }

    /// <summary>Round 3 degrades under load (canary) or after the swap (swap); round 7 never warms up; the rest are good.</summary>
    private static BuildSpec Build(string version, int round, int site) => round switch
    {
        3 when site % 3 == 0 => new BuildSpec { Version = version, ColdStartSeconds = 20, ErrorRate = 0.02, ErrorRateUnderLoad = 0.25, LoadThreshold = 0.05 },
        3 => new BuildSpec { Version = version, ColdStartSeconds = 20, ErrorRate = 0.2, DegradeAfterMinutes = 1 },
        7 => new BuildSpec { Version = version, ColdStartSeconds = 20, FailsWarmup = true },
        _ => new BuildSpec { Version = version, ColdStartSeconds = 20 },
    };

    /// <summary>
    /// Ten plans: five carry two upgraded sites each (3 instances, ~40 % busy), five quiet ones carry one
    /// lightly loaded site each (4 instances, ~8 % busy) so scale-in has steps to take.
    /// </summary>
    private static FleetSpec SoakFleet(out List<string> upgradeSites, out List<string> plans)
    {
        var template = DefaultFleet.Create().Subscriptions[0].ResourceGroups[0].Plans[0];
        var siteTemplate = template.Sites[0];
        var planSpecs = new List<PlanSpec>();
        upgradeSites = [];
        plans = [];
        for (int p = 0; p < 5; p++)
        {
            var sites = new List<SiteSpec>();
            for (int s = 0; s < 2; s++)
            {
                string name = $"soak-app-{(p * 2) + s}";
                upgradeSites.Add(name);
                sites.Add(Site(siteTemplate, name, 600));
            }

            planSpecs.Add(template with { Name = $"soak-plan-{p}", Capacity = 3, Sites = sites });
        }

        for (int p = 5; p < 10; p++)
        {
            planSpecs.Add(template with { Name = $"soak-plan-{p}", Capacity = 4, Sites = [Site(siteTemplate, $"soak-quiet-{p}", 300)] });
        }

        plans.AddRange(planSpecs.Select(p => p.Name));
        return new FleetSpec
        {
            Subscriptions = [new SubscriptionSpec { Id = Subscription, ResourceGroups = [new ResourceGroupSpec { Name = ResourceGroup, Location = DefaultFleet.Location, Plans = planSpecs }] }],
        };
    }

    private static SiteSpec Site(SiteSpec template, string name, double requestsPerMinute) => template with
    {
        Name = name,
        Build = new BuildSpec { Version = "v1", ColdStartSeconds = 20 },
        Load = new LoadSpec { RequestsPerMinute = requestsPerMinute, Profile = LoadSpec.Steady, Noise = 0.03 },
        Slots = [template.Slots[0] with { Build = new BuildSpec { Version = "v2", ColdStartSeconds = 20 } }],
    };

    private sealed record SoakUpgrade(string Id, string Site, int Round, string Strategy, string Version, string Before, string After, DateTimeOffset Started, DateTimeOffset Ended, UpgradeView? View);

    private sealed record SoakScaleIn(string Plan, int Run, string Outcome, string Reason);
}
