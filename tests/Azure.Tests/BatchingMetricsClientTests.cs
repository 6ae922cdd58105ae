using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Seamless.Core.Model;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

public sealed class BatchingMetricsClientTests
{
    private const string Sub = "11111111-1111-1111-1111-111111111111";
    private const string OtherSub = "33333333-3333-3333-3333-333333333333";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task QueryAsync_RegionUnknown_ReadsPerResourceAndLearnsTheRegion()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out _);

        MetricResult first = await client.QueryAsync(Window(Plan(0), Start), CancellationToken.None);

        first.ResourceId.ShouldBe(Plan(0));
        inner.Single.ShouldBe([Plan(0)]);
        inner.Batches.ShouldBeEmpty();
    }

    [Fact]
    public async Task QueryAsync_PeersThatReadTheSameKind_AreReadInOneBatchAndAnsweredFromIt()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        // The first sweep learns each plan's region, one read each.
        await ReadAsync(client, Start, [.. Enumerable.Range(0, 5)]);

        clock.Advance(TimeSpan.FromMinutes(1));
        var results = new List<MetricResult>();
        foreach (int i in Enumerable.Range(0, 5))
        {
            results.Add(await client.QueryAsync(Window(Plan(i), Start.AddMinutes(1)), CancellationToken.None));
        }

        inner.Single.Count.ShouldBe(5);
        inner.Batches.Count.ShouldBe(1);
        inner.Batches[0].Region.ShouldBe("westeurope");
        inner.Batches[0].ResourceIds.ShouldBe(Enumerable.Range(0, 5).Select(Plan), ignoreOrder: true);
        inner.Batches[0].Start.ShouldBe(Start.AddMinutes(1));
        // Each answer is its own resource's data for the window asked.
        results.Select(r => r.ResourceId).ShouldBe(Enumerable.Range(0, 5).Select(Plan));
        results.Select(r => r.Series[0].Points[0].Average).ShouldBe(Enumerable.Range(0, 5).Select(i => (double?)ScriptedMetrics.Value(Plan(i), Start.AddMinutes(1))));
    }

    [Fact]
    public async Task QueryAsync_SweepsOfPlansEachReadingTwoWindowsOfOneKind_OneBatchPerWindowFromTheSecondSweep()
    {
        // As the sweep reads them: each plan's 10-minute window, then its latest minutes (the same metrics, a longer
        // window ending at the same minute), plan after plan.
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        for (int sweep = 0; sweep < 3; sweep++)
        {
            DateTimeOffset end = Start.AddMinutes(10 + sweep);
            foreach (int i in Enumerable.Range(0, 6))
            {
                await client.QueryAsync(Window(Plan(i), end.AddMinutes(-10)), CancellationToken.None);
                await client.QueryAsync(Window(Plan(i), end.AddMinutes(-10)) with { Start = end.AddMinutes(-90) }, CancellationToken.None);
            }

            clock.Advance(TimeSpan.FromMinutes(1));
        }

        inner.Single.Count.ShouldBe(6);
        // The first sweep: each plan's latest minutes in a batch of its own and the plans before it (once its region is known).
        inner.Batches.Skip(6).Select(b => b.ResourceIds.Count).ShouldBe([6, 6, 6, 6]);
    }

    [Fact]
    public async Task QueryAsync_PeersNeverReadTheirWindows_StopBeingRead()
    {
        // Plan 0 reads a new window every minute; its 59 peers read once and never again (each reads on its own cadence).
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, [.. Enumerable.Range(0, 60)]);

        foreach (int minute in Enumerable.Range(1, 4))
        {
            clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
            await client.QueryAsync(Window(Plan(0), Start.AddMinutes(minute)), CancellationToken.None);
        }

        // Two batches of 50 went unread by 98 peers; after that plan 0's windows are read alone.
        inner.Batches.Select(b => b.ResourceIds.Count).ShouldBe([50, 50, 1, 1]);
    }

    [Fact]
    public async Task QueryAsync_SixtyPlansEachReadingTwoWindowsOfOneKind_TheSecondFiftyAreNotReadForTheFirstAgain()
    {
        // Plans 0–49 read both their windows from the first batches; plan 50's batch is for plans 50–59, not for plans
        // that read the latest minutes last but the window too.
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        for (int sweep = 0; sweep < 2; sweep++)
        {
            DateTimeOffset end = Start.AddMinutes(10 + sweep);
            foreach (int i in Enumerable.Range(0, 60))
            {
                await client.QueryAsync(Window(Plan(i), end.AddMinutes(-10)), CancellationToken.None);
                await client.QueryAsync(Window(Plan(i), end.AddMinutes(-10)) with { Start = end.AddMinutes(-90) }, CancellationToken.None);
            }

            clock.Advance(TimeSpan.FromMinutes(1));
        }

        inner.Batches.Where(b => b.End == Start.AddMinutes(11)).Select(b => b.ResourceIds.Count).ShouldBe([50, 50, 10, 10]);
    }

    [Fact]
    public async Task QueryAsync_SixtyPeers_BatchesAtMostFiftyPerCall()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, [.. Enumerable.Range(0, 60)]);

        clock.Advance(TimeSpan.FromMinutes(1));
        await ReadAsync(client, Start.AddMinutes(1), [.. Enumerable.Range(0, 60)]);

        inner.Batches.Select(b => b.ResourceIds.Count).ShouldBe([50, 10]);
        inner.Batches.SelectMany(b => b.ResourceIds).Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(60);
        inner.Single.Count.ShouldBe(60);
    }

    [Fact]
    public async Task QueryAsync_OtherRegionSubscriptionOrKind_IsNeverInTheSameBatch()
    {
        var inner = new ScriptedMetrics();
        inner.Regions[Plan(1)] = "northeurope";
        var client = Client(inner, out FakeTimeProvider clock);
        foreach (string id in new[] { Plan(0), Plan(1), Plan(2, OtherSub), Plan(3) })
        {
            await client.QueryAsync(Window(id, Start), CancellationToken.None);
        }

        // Plan 4 reads other metrics: not a peer of a CPU window.
        await client.QueryAsync(Window(Plan(4), Start) with { Names = [MetricNames.MemoryPercentage] }, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.QueryAsync(Window(Plan(0), Start.AddMinutes(1)), CancellationToken.None);

        inner.Batches.Count.ShouldBe(1);
        inner.Batches[0].ResourceIds.ShouldBe([Plan(0), Plan(3)]);
        inner.Batches[0].Names.ShouldBe([MetricNames.CpuPercentage]);
    }

    [Fact]
    public async Task QueryAsync_BatchFails_EachReadsOnItsOwn()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, [.. Enumerable.Range(0, 3)]);

        clock.Advance(TimeSpan.FromMinutes(1));
        inner.FailBatches = true;
        var results = new List<MetricResult>();
        foreach (int i in Enumerable.Range(0, 3))
        {
            results.Add(await client.QueryAsync(Window(Plan(i), Start.AddMinutes(1)), CancellationToken.None));
        }

        inner.Batches.Count.ShouldBe(1);
        inner.Single.Count(id => id == Plan(0)).ShouldBe(2);
        inner.Single.Count.ShouldBe(6);
        results.Select(r => r.Series[0].Points[0].Average).ShouldBe(Enumerable.Range(0, 3).Select(i => (double?)ScriptedMetrics.Value(Plan(i), Start.AddMinutes(1))));
    }

    [Fact]
    public async Task QueryAsync_ResourceLeftOutOfTheBatch_IsReadOnItsOwn()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, [.. Enumerable.Range(0, 3)]);

        clock.Advance(TimeSpan.FromMinutes(1));
        inner.LeftOut.Add(Plan(2));
        MetricResult first = await client.QueryAsync(Window(Plan(0), Start.AddMinutes(1)), CancellationToken.None);
        MetricResult left = await client.QueryAsync(Window(Plan(2), Start.AddMinutes(1)), CancellationToken.None);

        first.Series[0].Points[0].Average.ShouldBe(ScriptedMetrics.Value(Plan(0), Start.AddMinutes(1)));
        left.Series[0].Points[0].Average.ShouldBe(ScriptedMetrics.Value(Plan(2), Start.AddMinutes(1)));
        inner.Single.Count(id => id == Plan(2)).ShouldBe(2);
        inner.Batches.Count.ShouldBe(1);
    }

    [Fact]
    public async Task QueryAsync_AfterTheResultLifetime_ReadsAgain()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, 0, 1);
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.QueryAsync(Window(Plan(0), Start.AddMinutes(1)), CancellationToken.None);

        clock.Advance(BatchingMetricsClient.ResultLifetime + TimeSpan.FromSeconds(1));
        await client.QueryAsync(Window(Plan(1), Start.AddMinutes(1)), CancellationToken.None);

        // Plan 1's answer in the first batch had aged: a second batch read it again (not for plan 0, which read that
        // window itself).
        inner.Batches.Count.ShouldBe(2);
        inner.Batches[1].ResourceIds.ShouldBe([Plan(1)]);
    }

    [Fact]
    public async Task QueryAsync_PeerQuietLongerThanTheHorizon_IsNotReadForIt()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, 0, 1);
        clock.Advance(BatchingMetricsClient.PeerHorizon + TimeSpan.FromMinutes(1));

        await client.QueryAsync(Window(Plan(0), Start.AddMinutes(11)), CancellationToken.None);

        inner.Batches.Count.ShouldBe(1);
        inner.Batches[0].ResourceIds.ShouldBe([Plan(0)]);
    }

    [Fact]
    public async Task QueryAsync_SameWindowReadAgain_IsReadAgainNotAnsweredFromTheBatch()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, 0, 1);
        clock.Advance(TimeSpan.FromMinutes(1));
        await ReadAsync(client, Start.AddMinutes(1), 0, 1);
        inner.Batches.Count.ShouldBe(1);

        // Plan 1 reads the window again (its last minute's late data, say): a fresh read of its own, with no peers.
        await client.QueryAsync(Window(Plan(1), Start.AddMinutes(1)), CancellationToken.None);

        inner.Batches.Count.ShouldBe(2);
        inner.Batches[1].ResourceIds.ShouldBe([Plan(1)]);
    }

    [Fact]
    public async Task QueryAsync_ConcurrentReadsOfOneKind_ShareOneBatch()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, [.. Enumerable.Range(0, 8)]);

        clock.Advance(TimeSpan.FromMinutes(1));
        inner.HoldBatches = new TaskCompletionSource();
        Task<MetricResult>[] reads = [.. Enumerable.Range(0, 8).Select(i => client.QueryAsync(Window(Plan(i), Start.AddMinutes(1)), CancellationToken.None))];
        reads.ShouldAllBe(r => !r.IsCompleted);
        inner.HoldBatches.SetResult();
        MetricResult[] results = await Task.WhenAll(reads);

        inner.Batches.Count.ShouldBe(1);
        inner.Single.Count.ShouldBe(8);
        results.Select(r => r.ResourceId).ShouldBe(Enumerable.Range(0, 8).Select(Plan));
    }

    [Fact]
    public async Task QueryAsync_CallerCancels_OthersStillGetTheBatch()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out FakeTimeProvider clock);
        await ReadAsync(client, Start, 0, 1);
        clock.Advance(TimeSpan.FromMinutes(1));
        inner.HoldBatches = new TaskCompletionSource();
        using var cancel = new CancellationTokenSource();

        Task<MetricResult> cancelled = client.QueryAsync(Window(Plan(0), Start.AddMinutes(1)), cancel.Token);
        Task<MetricResult> other = client.QueryAsync(Window(Plan(1), Start.AddMinutes(1)), CancellationToken.None);
        await cancel.CancelAsync();
        inner.HoldBatches.SetResult();

        (await Should.ThrowAsync<Exception>(() => cancelled)).ShouldBeAssignableTo<OperationCanceledException>();
        (await other).Series[0].Points[0].Average.ShouldBe(ScriptedMetrics.Value(Plan(1), Start.AddMinutes(1)));
        inner.Batches.Count.ShouldBe(1);
    }

    [Fact]
    public async Task QueryBatchAsync_PassesThrough()
    {
        var inner = new ScriptedMetrics();
        var client = Client(inner, out _);

        IReadOnlyList<MetricResult> results = await client.QueryBatchAsync(
            new MetricBatchQuery("westeurope", [Plan(0), Plan(1)], MetricNames.PlanNamespace, [MetricNames.CpuPercentage], ["Average"], Start, Start.AddMinutes(10), TimeSpan.FromMinutes(1)),
            CancellationToken.None);

        results.Count.ShouldBe(2);
        inner.Batches.Count.ShouldBe(1);
    }

    private static async Task ReadAsync(BatchingMetricsClient client, DateTimeOffset start, params int[] plans)
    {
        foreach (int plan in plans)
        {
            await client.QueryAsync(Window(Plan(plan), start), CancellationToken.None);
        }
    }

    private static BatchingMetricsClient Client(ScriptedMetrics inner, out FakeTimeProvider clock)
    {
        clock = new FakeTimeProvider(Start.AddMinutes(10));
        return new BatchingMetricsClient(inner, clock, NullLogger<BatchingMetricsClient>.Instance);
    }

    private static string Plan(int i) => Plan(i, Sub);

    private static string Plan(int i, string subscription) =>
        $"/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-{i:00}";

    private static MetricQuery Window(string id, DateTimeOffset start) =>
        new(id, MetricNames.PlanNamespace, [MetricNames.CpuPercentage], ["Average", "Maximum"], start, start.AddMinutes(10), TimeSpan.FromMinutes(1), SplitByInstance: true);

    /// <summary>Answers every read with a value derived from the resource and the window, and records the calls.</summary>
    private sealed class ScriptedMetrics : IMetricsClient
    {
        private readonly Lock _gate = new();

        public List<string> Single { get; } = [];

        public List<MetricBatchQuery> Batches { get; } = [];

        public Dictionary<string, string> Regions { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> LeftOut { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool FailBatches { get; set; }

        public TaskCompletionSource? HoldBatches { get; set; }

        public static double Value(string id, DateTimeOffset start) => (StringComparer.OrdinalIgnoreCase.GetHashCode(id) % 1000) + start.Minute;

        public Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Single.Add(query.ResourceId);
            }

            return Task.FromResult(Result(query.ResourceId, query.Start));
        }

        public async Task<IReadOnlyList<MetricResult>> QueryBatchAsync(MetricBatchQuery query, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Batches.Add(query);
            }

            if (HoldBatches is { } hold)
            {
                await hold.Task;
            }

            if (FailBatches)
            {
                throw new InvalidOperationException("batch refused");
            }

            return [.. query.ResourceIds.Where(id => !LeftOut.Contains(id)).Select(id => Result(id.ToLowerInvariant(), query.Start))];
        }

        private MetricResult Result(string id, DateTimeOffset start) =>
            new(id, [new MetricSeries(MetricNames.CpuPercentage, null, "Percent", [new MetricPoint(start, Average: Value(id, start))])])
            {
                Region = Regions.GetValueOrDefault(id, "West Europe"),
            };
    }
}
