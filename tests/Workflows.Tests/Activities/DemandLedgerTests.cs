using Microsoft.Extensions.Time.Testing;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Tests.Infrastructure;

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
        ledger.Record(DailyWavePlan.Metrics(Ten, Ten.AddHours(4)), Ten, Ten.AddHours(4), readAt: Ten.AddHours(4).AddMinutes(5));

        ledger.Missing(Ten, Ten.AddHours(5)).ShouldBe([(Ten.AddHours(3), Ten.AddHours(5))]);
    }

    [Fact]
    public void History_AfterRecord_BusyInstancesPerMinuteNullWhereNothingWasRead()
    {
        var ledger = new DemandLedger();
        ledger.Record(DailyWavePlan.Metrics(Ten, Ten.AddHours(1)), Ten, Ten.AddHours(1), readAt: Ten.AddHours(2));

        var history = ledger.History(Ten.AddMinutes(30), Ten.AddMinutes(90));

        history.Minutes.ShouldBe(60);
        history.Busy[0].ShouldNotBeNull().ShouldBe(DailyWavePlan.Busy(Ten.AddMinutes(30)), 1e-9);
        history.Busy[29].ShouldNotBeNull().ShouldBe(DailyWavePlan.Busy(Ten.AddMinutes(59)), 1e-9);
        history.Busy[30].ShouldBeNull();
    }

    [Fact]
    public void Forget_HoursBeforeTheWindow_ReadAgainIfWantedLater()
    {
        var ledger = new DemandLedger();
        ledger.Record(DailyWavePlan.Metrics(Ten, Ten.AddHours(3)), Ten, Ten.AddHours(3), readAt: Ten.AddHours(4));

        ledger.Forget(Ten.AddHours(2));

        ledger.Missing(Ten, Ten.AddHours(3)).ShouldBe([(Ten, Ten.AddHours(2))]);
    }

    [Fact]
    public async Task LearnHeadroomAsync_AnHourLater_ReadsAboutAnHourAndLearnsWhatAFreshReadLearns()
    {
        var settings = HeadroomSettings.For(ScaleInPolicy.Default, TimeSpan.FromMinutes(5), 2, 20);
        var clock = new FakeTimeProvider(Ten.AddDays(10).AddMinutes(5));
        var metrics = new DailyWavePlan.Monitor();
        var activities = new AppServiceActivities(null!, metrics, null!, clock);
        var first = await activities.LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);
        var firstRead = metrics.TakeMinutesRead();

        clock.Advance(TimeSpan.FromHours(1));
        var second = await activities.LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);
        var secondRead = metrics.TakeMinutesRead();
        var fresh = await new AppServiceActivities(null!, new DailyWavePlan.Monitor(), null!, clock).LearnHeadroomAsync(Request(clock.GetUtcNow()), CancellationToken.None);

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
        var activities = new AppServiceActivities(null!, new DailyWavePlan.Monitor(), null!, clock);
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
}
