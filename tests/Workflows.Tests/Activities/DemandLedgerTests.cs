using Microsoft.Extensions.Time.Testing;
using Seamless.Core.Model;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.Tests.Activities;

/// <summary>The learned headroom's demand kept between hourly passes: only unread or unsettled hours are read again.</summary>
public sealed class DemandLedgerTests
{
    private const string PlanId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-a";
    private static readonly DateTimeOffset Ten = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Missing_EmptyLedger_WholeHoursFromTheHourOfTheFirstMinuteInOneRead()
    {
        var ledger = new DemandLedger();

        ledger.Missing(Ten.AddMinutes(30), Ten.AddHours(4)).ShouldBe([(Ten, Ten.AddHours(4))]);
    }

    [Fact]
    public void Missing_LongWindow_SplitIntoReadsOfAtMostADay()
    {
        var ledger = new DemandLedger();

        ledger.Missing(Ten, Ten.AddHours(30)).ShouldBe([(Ten, Ten.AddHours(24)), (Ten.AddHours(24), Ten.AddHours(30))]);
    }

    [Fact]
    public void Record_HoursEndedLessThanTheSettleTimeBeforeTheRead_ReadAgainOthersNot()
    {
        var ledger = new DemandLedger();
        ledger.Record(Metrics(Ten, Ten.AddHours(4)), Ten, Ten.AddHours(4), readAt: Ten.AddHours(4).AddMinutes(5));

        ledger.Missing(Ten, Ten.AddHours(5)).ShouldBe([(Ten.AddHours(3), Ten.AddHours(5))]);
    }

    [Fact]
    public void History_AfterRecord_BusyInstancesPerMinuteNullWhereNothingWasRead()
    {
        var ledger = new DemandLedger();
        ledger.Record(Metrics(Ten, Ten.AddHours(1)), Ten, Ten.AddHours(1), readAt: Ten.AddHours(2));

        var history = ledger.History(Ten.AddMinutes(30), Ten.AddMinutes(90));

        history.Minutes.ShouldBe(60);
        history.Busy[0].ShouldNotBeNull().ShouldBe(Busy(Ten.AddMinutes(30)), 1e-9);
        history.Busy[29].ShouldNotBeNull().ShouldBe(Busy(Ten.AddMinutes(59)), 1e-9);
        history.Busy[30].ShouldBeNull();
    }

    [Fact]
    public void Forget_HoursBeforeTheWindow_ReadAgainIfWantedLater()
    {
        var ledger = new DemandLedger();
        ledger.Record(Metrics(Ten, Ten.AddHours(3)), Ten, Ten.AddHours(3), readAt: Ten.AddHours(4));

        ledger.Forget(Ten.AddHours(2));

        ledger.Missing(Ten, Ten.AddHours(3)).ShouldBe([(Ten, Ten.AddHours(2))]);
    }

    [Fact]
    public async Task LearnHeadroomAsync_AnHourLater_ReadsAboutAnHourAndLearnsWhatAFreshReadLearns()
    {
        var settings = HeadroomSettings.For(ScaleInPolicy.Default, TimeSpan.FromMinutes(5), 2, 20);
        var clock = new FakeTimeProvider(Ten.AddDays(10).AddMinutes(5));
        var metrics = new GeneratedMetrics();
        var activities = new AppServiceActivities(null!, metrics, null!, clock);
        var first = await activities.LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);
        var firstRead = metrics.TakeMinutesRead();

        clock.Advance(TimeSpan.FromHours(1));
        var second = await activities.LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);
        var secondRead = metrics.TakeMinutesRead();
        var fresh = await new AppServiceActivities(null!, new GeneratedMetrics(), null!, clock).LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);

        firstRead.ShouldBeGreaterThan(3 * 24 * 60, "the first pass reads the learning window");
        secondRead.ShouldBeLessThan(4 * 60, "an hour later: the new hour, the one still settling before it, and the estimate's windows");
        second.ShouldBe(fresh);
        first.Learned.CoveredMinutes.ShouldBe(second.Learned.CoveredMinutes);

        HeadroomRequest Request(DateTimeOffset now)
        {
            var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
            return new HeadroomRequest(PlanId, to - TimeSpan.FromMinutes(settings.LearningMinutes + DemandHistory.SeasonalLookBacks[^1]), to, settings);
        }
    }

    [Fact]
    public async Task LearnHeadroomAsync_EverySweepOfAnHour_LearnsOnceOnTheSameWholeHours()
    {
        // The request's window starts a minute later on each sweep; the learning is of whole hours and serves the hour.
        var settings = HeadroomSettings.For(ScaleInPolicy.Default, TimeSpan.FromMinutes(1), 2, 20);
        var clock = new FakeTimeProvider(Ten.AddDays(12).AddMinutes(5));
        var activities = new AppServiceActivities(null!, new GeneratedMetrics(), null!, clock);
        var held = TimeSpan.FromMinutes(settings.LearningMinutes + DemandHistory.SeasonalLookBacks[^1]);

        var first = await activities.LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var next = await activities.LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(53));
        var last = await activities.LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        var nextHour = await activities.LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);

        ReferenceEquals(next.Learned, first.Learned).ShouldBeTrue("a minute later, the same hour: not learned again");
        ReferenceEquals(last.Learned, first.Learned).ShouldBeTrue("the hour's last sweep: not learned again");
        ReferenceEquals(nextHour.Learned, first.Learned).ShouldBeFalse("a new hour: learned again");
        first.Learned.Promise!.From.ShouldBe(Ten.AddDays(12) - held, "the whole hours of the window and the week before it");
        first.Learned.Promise.Through.ShouldBe(Ten.AddDays(12));
        nextHour.Learned.Promise!.From.ShouldBe(Ten.AddDays(12).AddHours(1) - held);

        HeadroomRequest Request(DateTimeOffset now)
        {
            var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
            return new HeadroomRequest(PlanId, to - held, to, settings);
        }
    }

    /// <summary>Two instances whose CPU follows a daily wave: busy instances = their sum / 100.</summary>
    private static double Cpu(DateTimeOffset t, int instance) => 40 + (20 * Math.Sin(t.ToUnixTimeSeconds() / 86_400.0 * 2 * Math.PI)) + (5 * instance);

    private static double Busy(DateTimeOffset t) => (Cpu(t, 0) + Cpu(t, 1)) / 100;

    private static PlanMetrics Metrics(DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = Enumerable.Range(0, (int)(to - from).TotalMinutes).Select(i => from.AddMinutes(i)).ToList();
        return new PlanMetrics(
            minutes.Select(t => new PlanMinute(t, (Cpu(t, 0) + Cpu(t, 1)) / 2, 50, 0)).ToList(),
            [.. Enumerable.Range(0, 2).Select(i => new InstanceCpuSeries("instance-" + i, minutes.Select(t => (double?)Cpu(t, i)).ToList()))]);
    }

    /// <summary>Azure Monitor for one plan with two instances, for any window; counts the minutes each query spans.</summary>
    private sealed class GeneratedMetrics : IMetricsClient
    {
        private int _minutesRead;

        public int TakeMinutesRead() => Interlocked.Exchange(ref _minutesRead, 0);

        public Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
        {
            var minutes = Enumerable.Range(0, (int)(query.End - query.Start).TotalMinutes).Select(i => query.Start.AddMinutes(i)).ToList();
            if (query.SplitByInstance)
            {
                Interlocked.Add(ref _minutesRead, minutes.Count);
                return Task.FromResult(new MetricResult(query.ResourceId, [.. Enumerable.Range(0, 2).Select(i =>
                    new MetricSeries(MetricNames.CpuPercentage, "instance-" + i, "Percent", minutes.Select(t => new MetricPoint(t, Cpu(t, i))).ToList()))]));
            }

            return Task.FromResult(new MetricResult(query.ResourceId,
            [
                new MetricSeries(MetricNames.CpuPercentage, null, "Percent", minutes.Select(t => new MetricPoint(t, (Cpu(t, 0) + Cpu(t, 1)) / 2)).ToList()),
                new MetricSeries(MetricNames.MemoryPercentage, null, "Percent", minutes.Select(t => new MetricPoint(t, 50)).ToList()),
                new MetricSeries(MetricNames.HttpQueueLength, null, "Count", minutes.Select(t => new MetricPoint(t, 0)).ToList()),
            ]));
        }

        public Task<IReadOnlyList<MetricResult>> QueryBatchAsync(MetricBatchQuery query, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The learned headroom reads one plan at a time.");
    }
}
