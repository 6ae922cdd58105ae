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
/// A plan's promise floor shared through the state store (the real SQLite store): every instance of the app holds the
/// minimum another's learning named, for its whole hold, and a store that fails leaves the floor this instance holds.
/// </summary>
public sealed class PromiseFloorStoreTests : IAsyncLifetime
{
    private const string PlanId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-a";
    private static readonly AzureResourceId Plan = AzureResourceId.Parse(PlanId);
    private static readonly DateTimeOffset Ten = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly HeadroomSettings Settings = HeadroomSettings.For(ScaleInPolicy.Default with { HoldMinimumToKeepBudget = true }, TimeSpan.FromMinutes(1), 2, 20);
    private static readonly TimeSpan Hold = PromiseFloor.HoldFor(Settings);
    private static readonly TimeSpan Held = TimeSpan.FromMinutes(Settings.LearningMinutes + DemandHistory.SeasonalLookBacks[^1]);
    private readonly ScratchStateStore _scratch = new("floor-tests");

    private IStateStore Store => _scratch.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scratch.DisposeAsync();

    [Fact]
    public async Task RecordAsync_AMinimumOneInstanceNamed_IsHeldByAnotherThatNamedNothing()
    {
        var first = await Floors().RecordAsync(Plan, Ten, 12, Hold, null, PromiseFloor.None, CancellationToken.None);
        var second = await Floors().RecordAsync(Plan, Ten.AddHours(1), null, Hold, null, PromiseFloor.None, CancellationToken.None);

        first.At(Ten).ShouldBe((12, Ten + Hold, (HoursOfDay?)null));
        second.At(Ten.AddHours(1)).ShouldBe((12, Ten + Hold, (HoursOfDay?)null), "the other instance's learning named it");
        (await Floors().LoadAsync(Plan, CancellationToken.None)).Named.ShouldBe([new NamedMinimum(Ten, 12, Ten + Hold)]);
    }

    [Fact]
    public async Task RecordAsync_TheSameLearningAgain_DoesNotWrite()
    {
        await Floors().RecordAsync(Plan, Ten, 12, Hold, null, PromiseFloor.None, CancellationToken.None);
        var before = await Store.GetAsync(StateKeys.PromiseFloor(Plan), CancellationToken.None);

        await Floors().RecordAsync(Plan, Ten, 12, Hold, null, PromiseFloor.None, CancellationToken.None);

        (await Store.GetAsync(StateKeys.PromiseFloor(Plan), CancellationToken.None))!.ETag.ShouldBe(before!.ETag);
    }

    [Fact]
    public async Task RecordAsync_NothingNamedAndNothingStored_WritesNothing()
    {
        var floor = await Floors().RecordAsync(Plan, Ten, null, Hold, null, PromiseFloor.None, CancellationToken.None);

        floor.Named.ShouldBeEmpty();
        (await Store.GetAsync(StateKeys.PromiseFloor(Plan), CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task RecordAsync_AMalformedRecord_IsWrittenOverFromTheFloorThisInstanceHeld()
    {
        var key = StateKeys.PromiseFloor(Plan);
        (await Store.TryWriteAsync(key, "{\"plan\":\"x\",\"named\":[{\"at\":\"2026-03-02T09:00:00+00:00\",\"instances\":0,\"until\":\"2026-03-06T09:00:00+00:00\"}]}", null, CancellationToken.None)).ShouldNotBeNull();
        var held = PromiseFloor.None.Record(Ten.AddHours(-1), 9, Hold);

        (await Floors().LoadAsync(Plan, CancellationToken.None)).ShouldBe(PromiseFloor.None, "a minimum below one instance is not a floor");
        var floor = await Floors().RecordAsync(Plan, Ten, null, Hold, null, held, CancellationToken.None);

        floor.At(Ten).ShouldBe((9, Ten.AddHours(-1) + Hold, (HoursOfDay?)null));
        (await Floors().LoadAsync(Plan, CancellationToken.None)).Named.ShouldBe([new NamedMinimum(Ten.AddHours(-1), 9, Ten.AddHours(-1) + Hold)]);
    }

    [Fact]
    public async Task RecordAsync_AMinimumHeldAtHoursOfTheDay_IsReadBackWithThem_AndAStoredRecordWithHoursOutsideTheDayIsNot()
    {
        var nights = new HoursOfDay((1 << 23) | (1 << 0) | (1 << 1));
        await Floors().RecordAsync(Plan, Ten, 12, Hold, nights, PromiseFloor.None, CancellationToken.None);

        var loaded = await Floors().LoadAsync(Plan, CancellationToken.None);

        loaded.Named.ShouldBe([new NamedMinimum(Ten, 12, Ten + Hold, nights)]);
        loaded.At(Ten).ShouldBeNull("10:00Z is not one of its hours");
        loaded.At(new DateTimeOffset(Ten.Date.AddDays(1).AddHours(0.5), TimeSpan.Zero)).ShouldBe((12, Ten + Hold, (HoursOfDay?)nights));

        var key = StateKeys.PromiseFloor(Plan);
        var stored = await Store.GetAsync(key, CancellationToken.None);
        stored!.Value.ShouldContain("\"hours\":[0,1,23]", Case.Sensitive, "the hours as a reader of the store reads them");
        (await Store.TryWriteAsync(key, stored!.Value.Replace("[0,1,23]", "[0,1,24]", StringComparison.Ordinal), stored.ETag, CancellationToken.None)).ShouldNotBeNull();
        (await Floors().LoadAsync(Plan, CancellationToken.None)).ShouldBe(PromiseFloor.None, "24 is no hour of the day");
    }

    [Fact]
    public async Task RecordAsync_AStoreThatFails_HoldsTheFloorThisInstanceHeld()
    {
        var floors = new PromiseFloorStore(new DownStateStore(), NullLogger<PromiseFloorStore>.Instance);
        var held = PromiseFloor.None.Record(Ten.AddHours(-1), 9, Hold);

        var floor = await floors.RecordAsync(Plan, Ten, 7, Hold, null, held, CancellationToken.None);

        floor.Named.ShouldBe([new NamedMinimum(Ten.AddHours(-1), 9, Ten.AddHours(-1) + Hold), new NamedMinimum(Ten, 7, Ten + Hold)]);
        (await floors.LoadAsync(Plan, CancellationToken.None)).ShouldBe(PromiseFloor.None);
    }

    [Fact]
    public async Task LearnHeadroomAsync_AFloorStoredForThePlan_IsWhatTheEstimateRequiresAtLeast()
    {
        // Another instance's learning an hour ago named 15 for this plan; this instance learns a calm plan (its own learning
        // names nothing) and holds the stored minimum, and says so.
        var clock = new FakeTimeProvider(Ten.AddDays(12).AddMinutes(5));
        await Floors().RecordAsync(Plan, Ten.AddDays(12).AddHours(-1), 15, Hold, null, PromiseFloor.None, CancellationToken.None);
        var calm = await Activities(clock, store: null).LearnHeadroomAsync(Request(clock), CancellationToken.None);

        var reading = await Activities(clock, Store).LearnHeadroomAsync(Request(clock), CancellationToken.None);

        calm.Estimate.ShouldNotBeNull().Required.ShouldBeLessThan(15);
        var estimate = reading.Estimate.ShouldNotBeNull();
        estimate.Required.ShouldBe(15);
        estimate.PromiseFloor.ShouldBe(15);
        estimate.PromiseFloorUntil.ShouldBe(Ten.AddDays(12).AddHours(-1) + Hold);
        estimate.Summary.ShouldContain("a plan minimum of 15 instances");
    }

    [Fact]
    public async Task LearnHeadroomAsync_AFloorStoredButThePlanNoLongerAsksForIt_IsNotHeld()
    {
        var clock = new FakeTimeProvider(Ten.AddDays(12).AddMinutes(5));
        await Floors().RecordAsync(Plan, Ten.AddDays(12).AddHours(-1), 15, Hold, null, PromiseFloor.None, CancellationToken.None);

        var reading = await Activities(clock, Store).LearnHeadroomAsync(Request(clock) with { Settings = Settings with { HoldMinimumToKeepBudget = false } }, CancellationToken.None);

        reading.Estimate.ShouldNotBeNull().Required.ShouldBeLessThan(15);
        reading.Estimate.PromiseFloor.ShouldBeNull();
    }

    private static HeadroomRequest Request(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        return new HeadroomRequest(PlanId, to - Held, to, Settings);
    }

    private static AppServiceActivities Activities(TimeProvider clock, IStateStore? store) =>
        new(null!, new DailyWavePlan.Monitor(), null!, clock, floors: store is null ? null : new PromiseFloorStore(store, NullLogger<PromiseFloorStore>.Instance));

    private PromiseFloorStore Floors() => new(Store, NullLogger<PromiseFloorStore>.Instance);
}
