using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.Activities;

/// <summary>
/// A plan's settled demand hours shared through the state store (the real SQLite store): a new instance of the app learns
/// from what another read, and the store is a cache of Azure Monitor, never its authority.
/// </summary>
public sealed class DemandLedgerStoreTests : IAsyncLifetime
{
    private const string PlanId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-a";
    private static readonly AzureResourceId Plan = AzureResourceId.Parse(PlanId);
    private static readonly DateTimeOffset Ten = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly HeadroomSettings Settings = HeadroomSettings.For(ScaleInPolicy.Default, TimeSpan.FromMinutes(1), 2, 20);
    private static readonly TimeSpan Held = TimeSpan.FromMinutes(Settings.LearningMinutes + DemandHistory.SeasonalLookBacks[^1]);
    private readonly ScratchStateStore _scratch = new("ledger-tests");

    private IStateStore Store => _scratch.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scratch.DisposeAsync();

    [Fact]
    public async Task LearnHeadroomAsync_ANewInstanceWithTheSameStore_ReadsOnlyTheLatestHoursAndLearnsWhatAFreshReadLearns()
    {
        var clock = new FakeTimeProvider(Ten.AddDays(12).AddMinutes(5));
        var first = new DailyWavePlan.Monitor();
        var learned = await Activities(first, clock, Store).LearnHeadroomAsync(Request(clock), CancellationToken.None);
        var firstRead = first.TakeMinutesRead();

        var second = new DailyWavePlan.Monitor();
        var restored = await Activities(second, clock, Store).LearnHeadroomAsync(Request(clock), CancellationToken.None);
        var secondRead = second.TakeMinutesRead();
        var fresh = await Activities(new DailyWavePlan.Monitor(), clock, store: null).LearnHeadroomAsync(Request(clock), CancellationToken.None);

        firstRead.ShouldBeGreaterThan(10 * 24 * 60, "the first instance reads the learning window and the week before it");
        secondRead.ShouldBeLessThan(4 * 60, "the second reads only the hour still settling and the estimate's windows");
        restored.ShouldBe(fresh);
        learned.ShouldBe(fresh);
    }

    [Fact]
    public async Task LearnHeadroomAsync_StoredDays_HoldOnlySettledHours()
    {
        var clock = new FakeTimeProvider(Ten.AddDays(12).AddMinutes(5));
        await Activities(new DailyWavePlan.Monitor(), clock, Store).LearnHeadroomAsync(Request(clock), CancellationToken.None);

        var stored = await Store.ListAsync(StateKeys.LedgerRoot, 100, CancellationToken.None);
        var today = new DateTimeOffset(Ten.AddDays(12).UtcDateTime.Date, TimeSpan.Zero);

        stored.Count.ShouldBe(12, "the eleven days the window and the week before it touch, and the day it ends in");
        (await TodayHoursAsync()).ShouldBe([.. Enumerable.Range(0, 9)], "09:00–10:00 ended 5 minutes before the read: not settled, not stored");

        async Task<int[]> TodayHoursAsync()
        {
            var ledger = new DemandLedger();
            await LedgerStore().LoadAsync(Plan, ledger, today, today.AddDays(1), CancellationToken.None);
            return [.. ledger.SettledDay(DateOnly.FromDateTime(today.UtcDateTime)).Hours.Select(h => h.Hour)];
        }
    }

    [Fact]
    public async Task SaveAsync_TwoInstancesSettledDifferentHoursOfADay_TheStoreHoldsBoth()
    {
        var morning = new DemandLedger();
        morning.Record(DailyWavePlan.Metrics(Ten, Ten.AddHours(2)), Ten, Ten.AddHours(2), readAt: Ten.AddHours(3));
        var afternoon = new DemandLedger();
        afternoon.Record(DailyWavePlan.Metrics(Ten.AddHours(4), Ten.AddHours(5)), Ten.AddHours(4), Ten.AddHours(5), readAt: Ten.AddHours(6));
        var day = DateOnly.FromDateTime(Ten.UtcDateTime);

        var written = await LedgerStore().SaveAsync(Plan, morning, [day], CancellationToken.None)
            + await LedgerStore().SaveAsync(Plan, afternoon, [day], CancellationToken.None)
            + await LedgerStore().SaveAsync(Plan, morning, [day], CancellationToken.None);
        var restored = new DemandLedger();
        var taken = await LedgerStore().LoadAsync(Plan, restored, Ten, Ten.AddHours(6), CancellationToken.None);

        written.ShouldBe(2, "the morning's second save finds its hours stored already");
        taken.ShouldBe(3);
        restored.Missing(Ten, Ten.AddHours(6)).ShouldBe([(Ten.AddHours(2), Ten.AddHours(4)), (Ten.AddHours(5), Ten.AddHours(6))]);
        restored.History(Ten, Ten.AddHours(5)).Busy.ShouldBe(morning.History(Ten, Ten.AddHours(2)).Busy.Concat(Enumerable.Repeat<double?>(null, 120)).Concat(afternoon.History(Ten.AddHours(4), Ten.AddHours(5)).Busy));
    }

    [Fact]
    public async Task SaveAsync_ADaysFirstSave_DeletesThePlansDaysThatEnded22DaysBeforeAndNoOtherPlans()
    {
        var today = DateOnly.FromDateTime(Ten.UtcDateTime);
        var other = AzureResourceId.Parse(PlanId.Replace("plan-a", "plan-b", StringComparison.Ordinal));
        var ledgers = LedgerStore();
        foreach (var back in new[] { 31, 30, 23, 22, 1 })
        {
            var day = today.AddDays(-back);
            var hour = new DateTimeOffset(day.ToDateTime(new TimeOnly(5, 0)), TimeSpan.Zero);
            var old = new DemandLedger();
            old.Record(DailyWavePlan.Metrics(hour, hour.AddHours(1)), hour, hour.AddHours(1), readAt: hour.AddHours(2));
            await ledgers.SaveAsync(other, old, [day], CancellationToken.None);
            (await Store.TryWriteAsync(StateKeys.LedgerDay(Plan, day), (await Store.GetAsync(StateKeys.LedgerDay(other, day), CancellationToken.None))!.Value, null, CancellationToken.None)).ShouldNotBeNull();
        }

        var ledger = new DemandLedger();
        ledger.Record(DailyWavePlan.Metrics(Ten, Ten.AddHours(1)), Ten, Ten.AddHours(1), readAt: Ten.AddHours(2));
        await LedgerStore().SaveAsync(Plan, ledger, [today], CancellationToken.None);

        async Task<bool> Held(AzureResourceId plan, int back) => await Store.GetAsync(StateKeys.LedgerDay(plan, today.AddDays(-back)), CancellationToken.None) is not null;
        (await Held(Plan, 31)).ShouldBeTrue("beyond the week before the first day gone: left (only an app stopped for more than a week leaves such days)");
        (await Held(Plan, 30)).ShouldBeFalse("the week before the first day gone is deleted too");
        (await Held(Plan, 23)).ShouldBeFalse("ended 22 days before today began");
        (await Held(Plan, 22)).ShouldBeTrue("its end is within the longest learning window and the week before it");
        (await Held(Plan, 1)).ShouldBeTrue();
        (await Held(other, 23)).ShouldBeTrue("another plan's days go only with its own saves");
    }

    [Fact]
    public async Task LoadAsync_RestoredHours_KeepEveryMinuteAsRecordedSaturatedOnesIncluded()
    {
        var ledger = new DemandLedger();
        var asked = Enumerable.Range(0, 60).Select(m => m == 17 ? (double?)4.25 : null).ToList();
        ledger.Record(DailyWavePlan.Metrics(Ten, Ten.AddHours(1)), Ten, Ten.AddHours(1), readAt: Ten.AddHours(2), asked);
        await LedgerStore().SaveAsync(Plan, ledger, [DateOnly.FromDateTime(Ten.UtcDateTime)], CancellationToken.None);

        var restored = new DemandLedger();
        await LedgerStore().LoadAsync(Plan, restored, Ten, Ten.AddHours(1), CancellationToken.None);

        var expected = ledger.History(Ten, Ten.AddHours(1));
        var actual = restored.History(Ten, Ten.AddHours(1));
        actual.Busy.ShouldBe(expected.Busy);
        actual.Serving.ShouldBe(expected.Serving);
        actual.Asked.ShouldBe(expected.Asked);
        actual.AskedAt(17).ShouldBe(4.25);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"plan":"p","day":"2026-03-03","at":"2026-03-04T00:00:00+00:00","hours":[{"hour":24,"busy":[],"serving":[]}]}""")]
    [InlineData("""{"plan":"p","day":"2026-03-01","at":"2026-03-02T00:00:00+00:00","hours":[]}""")]
    public async Task LearnHeadroomAsync_AMalformedStoredDay_ReadFromAzureMonitorAndWrittenAgain(string malformed)
    {
        var clock = new FakeTimeProvider(Ten.AddDays(12).AddMinutes(5));
        await Activities(new DailyWavePlan.Monitor(), clock, Store).LearnHeadroomAsync(Request(clock), CancellationToken.None);
        var key = StateKeys.LedgerDay(Plan, DateOnly.FromDateTime(Ten.AddDays(1).UtcDateTime));
        var good = await Store.GetAsync(key, CancellationToken.None);
        (await Store.TryWriteAsync(key, malformed, good!.ETag, CancellationToken.None)).ShouldNotBeNull();

        var metrics = new DailyWavePlan.Monitor();
        var restored = await Activities(metrics, clock, Store).LearnHeadroomAsync(Request(clock), CancellationToken.None);
        var fresh = await Activities(new DailyWavePlan.Monitor(), clock, store: null).LearnHeadroomAsync(Request(clock), CancellationToken.None);

        restored.ShouldBe(fresh);
        metrics.TakeMinutesRead().ShouldBeGreaterThanOrEqualTo(14 * 60, "the malformed day's hours in the window (10:00–24:00 of the window's first day) are read again");
        (await Store.GetAsync(key, CancellationToken.None))!.Value.ShouldBe(good.Value, "and stored again as they were");
    }

    [Fact]
    public async Task LearnHeadroomAsync_AStoreThatFails_LearnsFromAzureMonitorAsWithoutOne()
    {
        var clock = new FakeTimeProvider(Ten.AddDays(12).AddMinutes(5));
        var metrics = new DailyWavePlan.Monitor();

        var learned = await Activities(metrics, clock, new DownStateStore()).LearnHeadroomAsync(Request(clock), CancellationToken.None);
        var fresh = await Activities(new DailyWavePlan.Monitor(), clock, store: null).LearnHeadroomAsync(Request(clock), CancellationToken.None);

        learned.ShouldBe(fresh);
        metrics.TakeMinutesRead().ShouldBeGreaterThan(10 * 24 * 60);
    }

    [Theory]
    [InlineData(-1, 60, 60, "an hour outside the day or twice")]
    [InlineData(3, 59, 60, "hour 3: not 60 minutes")]
    [InlineData(3, 60, 61, "hour 3: not 60 minutes")]
    [InlineData(3, 60, 60, null)]
    public void Validate_HoursAndMinutes_OnlyAWellFormedDayPasses(int hour, int busyMinutes, int servingMinutes, string? problem)
    {
        var day = new LedgerDay(new DateOnly(2026, 3, 2), [new LedgerHour(hour, [.. Enumerable.Repeat<double?>(1.5, busyMinutes)], [.. Enumerable.Repeat<int?>(2, servingMinutes)], null)]);

        day.Validate().ShouldBe(problem);
    }

    [Fact]
    public void Validate_ANegativeOrNonFiniteValueOrAnHourTwice_Refused()
    {
        LedgerHour Hour(int hour, double? busy) => new(hour, [.. Enumerable.Repeat(busy, 60)], [.. Enumerable.Repeat<int?>(2, 60)], null);
        var date = new DateOnly(2026, 3, 2);

        new LedgerDay(date, [Hour(1, -0.5)]).Validate().ShouldBe("hour 1: a negative or non-finite value");
        new LedgerDay(date, [Hour(1, double.NaN)]).Validate().ShouldBe("hour 1: a negative or non-finite value");
        new LedgerDay(date, [Hour(1, 1), Hour(1, 1)]).Validate().ShouldBe("an hour outside the day or twice");
        new LedgerDay(date, [Hour(1, null), Hour(2, 0)]).Validate().ShouldBeNull("a minute without data is null, not a problem");
        var ledger = new DemandLedger();
        Should.Throw<ArgumentException>(() => ledger.Restore(new LedgerDay(date, [Hour(1, 1), Hour(3, -1)]))).Message.ShouldContain("hour 3: a negative or non-finite value");
        var midnight = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        ledger.Missing(midnight, midnight.AddHours(2)).ShouldBe([(midnight, midnight.AddHours(2))], "nothing taken: hour 1 is still missing");
    }

    [Fact]
    public void Days_AWindow_EveryUtcDayItTouches()
    {
        DemandLedgerStore.Days(Ten, Ten.AddHours(14)).ShouldBe([new DateOnly(2026, 3, 2)], "10:00 to midnight, exclusive");
        DemandLedgerStore.Days(Ten, Ten.AddHours(14).AddMinutes(1)).ShouldBe([new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 3)]);
        DemandLedgerStore.Days(Ten, Ten).ShouldBeEmpty();
    }

    private static HeadroomRequest Request(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        return new HeadroomRequest(PlanId, to - Held, to, Settings);
    }

    private static AppServiceActivities Activities(IMetricsClient metrics, TimeProvider clock, IStateStore? store) =>
        new(null!, metrics, null!, clock, store is null ? null : new DemandLedgerStore(store, NullLogger<DemandLedgerStore>.Instance));

    private DemandLedgerStore LedgerStore() => new(Store, NullLogger<DemandLedgerStore>.Instance);
}
