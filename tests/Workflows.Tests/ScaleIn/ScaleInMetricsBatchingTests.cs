using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary>
/// The scale-in sweep over several plans, through the real adapters and the simulator: after the first sweep (which
/// learns each resource's region from a per-resource read) every metric read of a sweep is answered from one
/// <c>metrics:getBatch</c> call per kind of read and window, and the decisions are the ones per-resource reads give.
/// </summary>
public sealed class ScaleInMetricsBatchingTests
{
    private const int Plans = 6;

    [Fact]
    public async Task Sweep_SeveralPlans_ReadsMetricsInBatchesAndDecidesAsPerResourceReadsDo()
    {
        await using var h = await SeamlessHarness.StartAsync(AtMinimum, Fleet(), MidHour);
        using var minute = new MinuteByMinute(h.Clock);

        // First sweep: each plan's and site's first read goes per resource (its region is not known yet).
        JsonArray first = await DryRunAsync(h);
        await minute.NextAsync();
        var before = h.Sim.RequestCounts;
        JsonArray second = await DryRunAsync(h);

        var calls = Delta(h.Sim.RequestCounts, before);
        calls.GetValueOrDefault("metrics").ShouldBe(0, string.Join(", ", calls));
        // The plans' windows (their aggregate and their CPU per instance), their latest minutes (the same two) and their
        // sites' requests: one batch each for all six plans, where reading each resource on its own takes 5 × 6.
        calls.GetValueOrDefault("metricsBatch").ShouldBe(5, string.Join(", ", calls));
        first.Count.ShouldBe(Plans);
        second.Count.ShouldBe(Plans);
        second.ShouldAllBe(d => d!["error"] == null && d["decision"] != null);

        // The same sweep again at that instant: every read is the window its resource read last, so each goes on its own
        // (per resource or a batch of one), as without batching — and gives the same decisions, word for word.
        JsonArray again = await DryRunAsync(h);
        again.ToJsonString().ShouldBe(second.ToJsonString());
    }

    [Fact]
    public async Task Sweep_OrchestratedEvaluations_ReadTheNextSweepInBatches()
    {
        await using var h = await SeamlessHarness.StartAsync(AtMinimum, Fleet(), MidHour);
        using var minute = new MinuteByMinute(h.Clock);
        await SweepAsync(h);
        await minute.NextAsync();
        var before = h.Sim.RequestCounts;

        await SweepAsync(h);

        var delta = Delta(h.Sim.RequestCounts, before);
        delta.GetValueOrDefault("metrics").ShouldBe(0, string.Join(", ", delta));
        // At most the dry run's five batches, and one more for each activity the engine ran twice (at least once is the
        // contract: on a loaded CI machine one plan's drain read ran again, listed its sites a seventh time and re-read its
        // site's window alone, a batch of one). Per resource the sweep takes 5 × 6 reads.
        var repeated = Math.Max(0, delta.GetValueOrDefault("listPlanSites") - Plans);
        delta.GetValueOrDefault("metricsBatch").ShouldBeInRange(1, 5 + repeated, string.Join(", ", delta));
    }

    /// <summary>Holds virtual time still except when asked to move it on by a minute (to the next sweep's windows).</summary>
    private sealed class MinuteByMinute : IDisposable
    {
        private readonly Seamless.Core.Time.VirtualClock _clock;
        private readonly IDisposable _hold;
        private long _untilTicks;

        public MinuteByMinute(Seamless.Core.Time.VirtualClock clock)
        {
            _clock = clock;
            _untilTicks = clock.GetUtcNow().UtcTicks;
            _hold = clock.HoldWhile(_ => ValueTask.FromResult(_clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _untilTicks)));
        }

        /// <summary>Lets time move on by a minute (a timer due then makes the clock stop there) and waits until it has.</summary>
        public async Task NextAsync()
        {
            var target = _clock.GetUtcNow().AddMinutes(1);
            Interlocked.Exchange(ref _untilTicks, target.UtcTicks);
            await _clock.DelayAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
            _clock.GetUtcNow().ShouldBe(target);
        }

        public void Dispose() => _hold.Dispose();
    }

    /// <summary>
    /// A fixed start well inside an hour, so both sweeps learn in the same hour. Started at the wall clock's time, the
    /// second sweep made 5 batch calls at 03:55 and 7 at 04:05 (UTC); which reads made the two more was not pinned down.
    /// </summary>
    private static readonly DateTimeOffset MidHour = new(2026, 12, 1, 14, 20, 0, TimeSpan.Zero);

    /// <summary>The plans start at the policy's minimum, so no evaluation acts and none waits on a timer.</summary>
    private static Dictionary<string, string?> AtMinimum => new() { ["Seamless:ScaleIn:Policy:Min"] = "2" };

    /// <summary>Evaluates every managed plan without acting (the preview the API answers with), in plan order.</summary>
    private static async Task<JsonArray> DryRunAsync(SeamlessHarness h)
    {
        var (status, body) = await h.PostAsync("api/scale-in/run", new { dryRun = true });
        status.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["decisions"]!.AsArray();
    }

    /// <summary>Starts a dry-run evaluation of every managed plan as orchestrations and waits for all of them.</summary>
    private static async Task SweepAsync(SeamlessHarness h)
    {
        var (status, body) = await h.PostAsync("api/scale-in/run", new { });
        status.ShouldBe(HttpStatusCode.Accepted, body);
        var engine = (DurableTaskClient)h.Server.Services.GetService(typeof(DurableTaskClient))!;
        foreach (JsonNode? run in JsonNode.Parse(body)!["runs"]!.AsArray())
        {
            string id = run!["instanceId"]!.GetValue<string>();
            await SeamlessHarness.WaitForAsync(async () => await engine.GetInstanceAsync(id) is { } done && !SingletonStart.IsActive(done.RuntimeStatus), "scale-in evaluation " + id);
        }
    }

    private static Dictionary<string, int> Delta(IReadOnlyDictionary<string, int> now, IReadOnlyDictionary<string, int> before) =>
        now.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key));

    /// <summary>Six plans of two instances, one site each with affinity off and a load one instance carries.</summary>
    private static FleetSpec Fleet() => FleetSpec.InOneResourceGroup(
        DefaultFleet.SubscriptionId,
        DefaultFleet.ResourceGroup,
        DefaultFleet.Location,
        [.. Enumerable.Range(0, Plans).Select(i => new PlanSpec
        {
            Name = $"plan-{i}",
            Sku = new SkuSpec { Name = "P1v3", Tier = "PremiumV3", Size = "P1v3", Family = "Pv3" },
            Capacity = 2,
            MaximumNumberOfWorkers = 30,
            Sites =
            [
                new SiteSpec
                {
                    Name = $"app-{i}",
                    Build = new BuildSpec { Version = "v1" },
                    ClientAffinityEnabled = false,
                    Load = new LoadSpec { RequestsPerMinute = 100 + (40 * i), Noise = 0.02 },
                },
            ],
        })]);
}
