using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Activities;

namespace Seamless.Workflows.Tests.Activities;

/// <summary>What a saturated minute asked for, from the plan's CPU and its sites' requests and server errors.</summary>
public sealed class HeadroomReaderTests
{
    private const double QueueLine = 10;
    private static readonly DateTimeOffset Ten = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(99.0, 0.0, true)] // CPU at its ceiling
    [InlineData(80.0, 10.0, true)] // 10 queued per instance (the plan's Average is per instance), at the line
    [InlineData(98.9, 9.9, false)] // neither
    public void IsSaturated_CpuAtItsCeilingOrQueueAtTheLine(double cpu, double queue, bool expected)
    {
        HeadroomReader.IsSaturated(new PlanMinute(Ten, cpu, 50, queue), QueueLine).ShouldBe(expected);
    }

    [Fact]
    public void LatestWindow_ReadsFreshOnlyFromTheHourThatMayStillHaveBeenSettlingWhenLearningRead()
    {
        // At 14:05 learning has read up to 14:00; the hour from 13:00 may still have been settling then. The longest hold
        // (6 hours and a level) reaches back to 08:00, which lies in the ledger.
        var end = Ten.AddHours(4).AddMinutes(5);

        HeadroomReader.LatestWindow(end).ShouldBe((Ten.AddHours(3), end));
    }

    [Fact]
    public void SiteRequests_SumsRequestsAndErrorsOverTheSitesPerMinute()
    {
        var sums = HeadroomReader.SiteRequests([Site("a", (0, 600, 100), (1, 500, null)), Site("b", (0, 400, 300))]);

        sums[Ten].ShouldBe((1000, 400));
        sums[Ten.AddMinutes(1)].ShouldBe((500, 0), "a minute without Http5xx counts no errors");
    }

    [Fact]
    public void Asked_OnlySaturatedMinutesWithRequests_ScaledByTheRequestsPerServedRequest()
    {
        // Two instances: minute 0 idle, minute 1 saturated with half the requests turned away, minute 2 saturated with no
        // site data.
        double[] cpu = [50, 100, 100];
        var minutes = Enumerable.Range(0, 3).Select(i => new PlanMinute(Ten.AddMinutes(i), cpu[i], 50, 0)).ToList();
        var metrics = new PlanMetrics(minutes, [.. Enumerable.Range(0, 2).Select(i => new InstanceCpuSeries("i" + i, cpu.Select(c => (double?)c).ToList()))]);
        var sites = HeadroomReader.SiteRequests([Site("a", (0, 1000, 0), (1, 1000, 500))]);

        var asked = HeadroomReader.Asked(metrics, sites, QueueLine);

        asked.ShouldBe([null, 4.0, null]);
    }

    [Fact]
    public void Ledger_KeepsWhatSaturatedMinutesAskedAndTheLatestReadLaysItsOwnOver()
    {
        var ledger = new DemandLedger();
        var hour = Metrics(Ten, 60, cpu: 100);
        var asked = Enumerable.Range(0, 60).Select(i => i == 30 ? (double?)5 : null).ToList();
        ledger.Record(hour, Ten, Ten.AddHours(1), readAt: Ten.AddHours(2), asked);

        var history = ledger.History(Ten, Ten.AddHours(1).AddMinutes(2), Metrics(Ten.AddHours(1), 2, cpu: 100), [null, 7]);

        history.AskedAt(30).ShouldBe(5);
        history.AskedAt(31).ShouldBe(2, "not saturated there: what the CPU showed");
        history.AskedAt(61).ShouldBe(7);
    }

    [Fact]
    public void Serving_CountsTheInstancesThatReportedCpuEachMinute_AndTheLedgerKeepsThemWithTheLatestReadsOver()
    {
        // Instance i1 starts serving at minute 1 and i2 at minute 2; minute 3 has no data at all.
        var minutes = Enumerable.Range(0, 4).Select(i => new PlanMinute(Ten.AddMinutes(i), 50, 50, 0)).ToList();
        var metrics = new PlanMetrics(minutes,
        [
            new InstanceCpuSeries("i0", [50, 50, 50, null]),
            new InstanceCpuSeries("i1", [null, 50, 50, null]),
            new InstanceCpuSeries("i2", [null, null, 50, null]),
        ]);

        HeadroomReader.PerMinute(metrics).Serving.ShouldBe([1, 2, 3, null]);
        HeadroomReader.History(metrics, Ten, Ten.AddMinutes(4)).Serving.ShouldBe([1, 2, 3, null]);

        var ledger = new DemandLedger();
        ledger.Record(metrics, Ten, Ten.AddMinutes(4), readAt: Ten.AddHours(2));
        ledger.History(Ten, Ten.AddMinutes(4)).Serving.ShouldBe([1, 2, 3, null]);
        ledger.History(Ten, Ten.AddMinutes(4), Metrics(Ten.AddMinutes(2), 2, cpu: 40)).Serving.ShouldBe([1, 2, 2, 2], "the latest read lays its own over");
    }

    [Theory]
    [InlineData(3.0, 3.0, 3)] // a plateau: one step from what serves (2 → 3) is within the four ordered, so no further step
    [InlineData(3.0, 5.0, 5)] // climbing (3 → 5 asked over two minutes): a step on top of the order (4 → 5)
    public void Saturation_WhileInstancesOrderedEarlierStart_StepsOnTheOrderOnlyWhileTheDemandClimbs(double twoBefore, double latest, int expected)
    {
        // Two instances serve at their ceiling and four are ordered.
        var metrics = Metrics(Ten, 4, cpu: 100);
        var demand = new DemandHistory(Ten.AddMinutes(4), [2, 2, 2, 2]) { Asked = [twoBefore, twoBefore, (twoBefore + latest) / 2, latest] };
        var step = new SaturationStep(QueueLine, ToCapacity: 5) { Ordered = 4, Step = ScaleOutStep.For(ScaleInPolicy.Default, 30) };

        HeadroomReader.Saturation(metrics, serving: 2, step, demand, lead: 3).ShouldBe(expected);
        HeadroomReader.Saturation(metrics, serving: 2, step with { Ordered = null, Step = null }, demand, lead: 3).ShouldBe(5, "a request recorded before the step was data keeps its fixed target");
        HeadroomReader.Saturation(Metrics(Ten, 4, cpu: 60), serving: 2, step, demand, lead: 3).ShouldBeNull("not saturated");
    }

    private static PlanMetrics Metrics(DateTimeOffset from, int count, double cpu)
    {
        var minutes = Enumerable.Range(0, count).Select(i => new PlanMinute(from.AddMinutes(i), cpu, 50, 0)).ToList();
        return new PlanMetrics(minutes, [.. Enumerable.Range(0, 2).Select(i => new InstanceCpuSeries("i" + i, minutes.Select(_ => (double?)cpu).ToList()))]);
    }

    private static MetricResult Site(string name, params (int Minute, double Requests, double? Errors)[] points) =>
        new(name,
        [
            new MetricSeries(MetricNames.Requests, null, "Count", [.. points.Select(p => new MetricPoint(Ten.AddMinutes(p.Minute), Total: p.Requests))]),
            new MetricSeries(MetricNames.Http5xx, null, "Count", [.. points.Where(p => p.Errors is not null).Select(p => new MetricPoint(Ten.AddMinutes(p.Minute), Total: p.Errors))]),
        ]);
}
