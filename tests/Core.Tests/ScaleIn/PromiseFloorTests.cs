using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>The plan minimum Seamless holds where the promise broke on bursts beyond reach (<see cref="PromiseFloor"/>).</summary>
public sealed class PromiseFloorTests
{
    private static readonly DateTimeOffset Hour = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly HeadroomSettings Settings = new(BudgetPercent: 0.1, LeadMinutes: 3, SweepMinutes: 1, LearningMinutes: 4 * HeadroomLearner.Day, Min: 2, Max: 40) { HoldMinimumToKeepBudget = true };
    private static readonly TimeSpan Hold = PromiseFloor.HoldFor(Settings);

    /// <summary>A learning that named <paramref name="named"/> on a history of <paramref name="minutes"/> with <paramref name="overloaded"/> of them felt in <paramref name="bursts"/> bursts.</summary>
    private static LearnedHeadroom Learning(int? named, int minutes, int overloaded, bool account = true, int bursts = 2) =>
        new(HeadroomLearner.Prior, 1.2, minutes, 0.2, null, Learned: true, Candidates: 10)
        {
            OverloadPercentBeyondReach = named is null ? null : 0.2,
            MinimumToKeepBudget = named,
            Promise = account ? new PromiseAccount(0.1, Hour.AddMinutes(-minutes), Hour, minutes, overloaded, Math.Min(minutes, HeadroomLearner.Day), 0, null, null) { Bursts = bursts } : null,
        };

    public static TheoryData<string, LearnedHeadroom, int?> Namings => new()
    {
        // name, the learning, the minimum the floor holds
        { "11 days held, 20 minutes felt where 15.8 are allowed: held", Learning(12, 11 * HeadroomLearner.Day, 20), 12 },
        { "11 days held, at the budget: not held", Learning(12, 11 * HeadroomLearner.Day, 15), null },
        { "2 days held, 8 minutes felt: beyond their 2.9 but within a week's 10.1 (a first unannounced morning): not held", Learning(12, 2 * HeadroomLearner.Day, 8), null },
        { "2 days held, 11 minutes felt: beyond a week's budget: held", Learning(12, 2 * HeadroomLearner.Day, 11), 12 },
        { "the plan's own minimum named: nothing to hold", Learning(2, 11 * HeadroomLearner.Day, 20), null },
        { "no burst beyond reach: nothing named", Learning(null, 11 * HeadroomLearner.Day, 20), null },
        { "named above the plan's maximum: held at the maximum", Learning(55, 11 * HeadroomLearner.Day, 20), 40 },
        { "no account of the promise: not held", Learning(12, 11 * HeadroomLearner.Day, 20, account: false), null },
        { "2 days held, 13 minutes felt in one burst (a first morning's ramp at a longer delay): not held", Learning(12, 2 * HeadroomLearner.Day, 13, bursts: 1), null },
        { "2 days held, 13 minutes felt in two bursts: held", Learning(12, 2 * HeadroomLearner.Day, 13, bursts: 2), 12 },
    };

    [Theory]
    [MemberData(nameof(Namings))]
    public void NamedBy_HoldsAMinimumOnlyWhereThePromiseBrokeByMoreThanAWeeksBudget(string name, LearnedHeadroom learned, int? held)
    {
        PromiseFloor.NamedBy(learned, Settings).ShouldBe(held, name);
    }

    [Fact]
    public void NamedBy_WhereTheOperatorTurnedItOff_NamesNothing()
    {
        PromiseFloor.NamedBy(Learning(12, 11 * HeadroomLearner.Day, 20), Settings with { HoldMinimumToKeepBudget = false }).ShouldBeNull();
        HeadroomSettings.For(Seamless.Core.ScaleIn.ScaleInPolicy.Default, TimeSpan.FromMinutes(1), 2, 20).HoldMinimumToKeepBudget.ShouldBeTrue("on by default");
        PromiseFloor.HoldFor(Settings).ShouldBe(TimeSpan.FromDays(4), "the learning window");
    }

    [Fact]
    public void At_AMinimumNamedOnce_IsHeldForTheHoldAndThenForgotten()
    {
        var floor = PromiseFloor.None.Record(Hour, 12, Hold);

        floor.At(Hour - TimeSpan.FromMinutes(1)).ShouldBeNull("not before the learning that named it");
        floor.At(Hour).ShouldBe((12, Hour + Hold, (HoursOfDay?)null));
        floor.At(Hour + Hold - TimeSpan.FromMinutes(1)).ShouldBe((12, Hour + Hold, (HoursOfDay?)null));
        floor.At(Hour + Hold).ShouldBeNull();
        floor.Record(Hour + Hold, null, Hold).Named.ShouldBeEmpty("forgotten once its hold is over");
    }

    [Fact]
    public void At_ALargerMinimumThenASmallerOne_HoldsTheLargerThenTheSmallerUntilItsOwnHoldEnds()
    {
        var later = Hour + TimeSpan.FromDays(1);
        var floor = PromiseFloor.None.Record(Hour, 15, Hold).Record(Hour + TimeSpan.FromHours(1), null, Hold).Record(later, 9, Hold);

        floor.Named.Count.ShouldBe(2);
        floor.At(later).ShouldBe((15, Hour + Hold, (HoursOfDay?)null));
        floor.At(Hour + Hold).ShouldBe((9, later + Hold, (HoursOfDay?)null), "the smaller one outlasts the larger");
        floor.At(later + Hold).ShouldBeNull();
    }

    [Fact]
    public void Record_ALargerMinimumLater_ForgetsTheSmallerOnesItOutlasts()
    {
        var floor = PromiseFloor.None.Record(Hour, 9, Hold).Record(Hour + TimeSpan.FromHours(1), 7, Hold).Record(Hour + TimeSpan.FromHours(2), 12, Hold);

        floor.Named.ShouldBe([new NamedMinimum(Hour + TimeSpan.FromHours(2), 12, Hour + TimeSpan.FromHours(2) + Hold)]);
        floor.At(Hour + TimeSpan.FromHours(3)).ShouldBe((12, Hour + TimeSpan.FromHours(2) + Hold, (HoursOfDay?)null));
    }

    // Hour is 14:00Z: the nights below are 22:00–03:59Z, the afternoons 13:00–15:59Z.
    private static readonly HoursOfDay Nights = new((1 << 22) | (1 << 23) | (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3));
    private static readonly HoursOfDay Afternoons = new((1 << 13) | (1 << 14) | (1 << 15));

    [Fact]
    public void At_AMinimumHeldAtTheHoursItsBurstsRecur_IsHeldThenAndAQuarterHourBefore_AndNotElsewhere()
    {
        var floor = PromiseFloor.None.Record(Hour, 12, Hold, Nights);
        var night = Hour.Date.AddHours(22);

        floor.At(new DateTimeOffset(night.AddHours(3).AddMinutes(30), TimeSpan.Zero)).ShouldBe((12, Hour + Hold, (HoursOfDay?)Nights));
        floor.At(new DateTimeOffset(night, TimeSpan.Zero).AddMinutes(-PromiseFloor.AheadMinutes)).ShouldBe((12, Hour + Hold, (HoursOfDay?)Nights), "ordered before the hours begin");
        floor.At(new DateTimeOffset(night, TimeSpan.Zero).AddMinutes(-PromiseFloor.AheadMinutes - 1)).ShouldBeNull();
        floor.At(Hour.AddHours(1)).ShouldBeNull("15:00Z is not one of its hours");
        floor.At(Hour.AddHours(14)).ShouldBeNull("04:00Z is past its hours");
    }

    [Fact]
    public void Record_ALargerMinimumLater_TakesTheHoursOfTheOnesItOutlasts_AndAroundTheClockWins()
    {
        var nightsThenAfternoons = PromiseFloor.None.Record(Hour, 9, Hold, Nights).Record(Hour + TimeSpan.FromHours(1), 12, Hold, Afternoons);
        var thenAroundTheClock = nightsThenAfternoons.Record(Hour + TimeSpan.FromHours(2), 15, Hold);

        nightsThenAfternoons.Named.ShouldBe([new NamedMinimum(Hour + TimeSpan.FromHours(1), 12, Hour + TimeSpan.FromHours(1) + Hold, Nights | Afternoons)]);
        thenAroundTheClock.Named.ShouldBe([new NamedMinimum(Hour + TimeSpan.FromHours(2), 15, Hour + TimeSpan.FromHours(2) + Hold)]);
    }

    [Fact]
    public void Record_ASmallerMinimumAtOtherHours_IsKeptBesideTheLargerOne()
    {
        var floor = PromiseFloor.None.Record(Hour, 12, Hold, Nights).Record(Hour + TimeSpan.FromHours(1), 9, Hold - TimeSpan.FromHours(1), Afternoons);

        floor.Named.Count.ShouldBe(2, "the larger one does not hold the afternoons");
        floor.At(Hour + TimeSpan.FromHours(1)).ShouldBe((9, Hour + Hold, (HoursOfDay?)Afternoons));
        floor.At(Hour + TimeSpan.FromHours(10)).ShouldBe((12, Hour + Hold, (HoursOfDay?)Nights), "midnight");
        floor.Record(Hour + TimeSpan.FromHours(1), 9, Hold - TimeSpan.FromHours(1), Afternoons).ShouldBeSameAs(floor);
    }

    [Fact]
    public void Estimate_WithAFloorHeldAtHoursOfTheDay_KeepsThemThroughJson_AsAnActivityResultReachesTheOrchestrator()
    {
        var history = new DemandHistory(Hour, [.. Enumerable.Repeat<double?>(3.0, 60)]);
        var learned = Learning(12, 11 * HeadroomLearner.Day, 20) with { Setting = new HeadroomSetting(1.25, 5, Seasonal: false) };
        var held = HeadroomPlanner.Estimate(history, learned, Settings, floor: (12, Hour + Hold, Nights)).ShouldNotBeNull();

        var json = System.Text.Json.JsonSerializer.Serialize(held, System.Text.Json.JsonSerializerOptions.Web);
        var back = System.Text.Json.JsonSerializer.Deserialize<HeadroomEstimate>(json, System.Text.Json.JsonSerializerOptions.Web).ShouldNotBeNull();

        json.ShouldContain("\"promiseFloorHours\":[0,1,2,3,22,23]");
        back.PromiseFloorHours.ShouldBe(Nights);
        back.Summary.ShouldBe(held.Summary);
        back.Summary.ShouldContain("is held at the times of day its bursts recur (22:00–03:59 UTC) until 2025-03-14 14:00Z");
    }

    [Fact]
    public void Describe_AMinimumHeldAtHoursOfTheDay_SaysWhich()
    {
        PromiseFloor.Describe(12, Hour + Hold, Nights).ShouldBe(
            "the promise broke on bursts beyond reach of any headroom: a plan minimum of 12 instances, which would have kept it on the history learned from, is held at the times of day its bursts recur (22:00–03:59 UTC) until 2025-03-14 14:00Z");
    }

    [Fact]
    public void Record_TheSameLearningAgain_ChangesNothing()
    {
        var floor = PromiseFloor.None.Record(Hour, 12, Hold).Record(Hour + TimeSpan.FromHours(1), 10, Hold);

        floor.Record(Hour + TimeSpan.FromHours(1), 10, Hold).ShouldBeSameAs(floor);
        floor.Record(Hour + TimeSpan.FromHours(1), null, Hold).ShouldBeSameAs(floor);
        floor.Record(Hour, 12, Hold).ShouldBeSameAs(floor, "an earlier learning recorded again (another instance's sweep) is already there");
    }

    [Fact]
    public void Estimate_WithAFloorHeld_RequiresAtLeastItAndSaysWhy()
    {
        var history = new DemandHistory(Hour, [.. Enumerable.Repeat<double?>(3.0, 60)]);
        var learned = Learning(12, 11 * HeadroomLearner.Day, 20) with { Setting = new HeadroomSetting(1.25, 5, Seasonal: false) };
        var until = Hour + Hold;

        var free = HeadroomPlanner.Estimate(history, learned, Settings).ShouldNotBeNull();
        var held = HeadroomPlanner.Estimate(history, learned, Settings, floor: (12, until, null)).ShouldNotBeNull();
        var capped = HeadroomPlanner.Estimate(history, learned, Settings with { Max = 10 }, floor: (12, until, null)).ShouldNotBeNull();
        var atMinimum = HeadroomPlanner.Estimate(history, learned, Settings, floor: (2, until, null)).ShouldNotBeNull();

        free.Required.ShouldBe(4, "⌈3 × 1.25⌉");
        free.PromiseFloor.ShouldBeNull();
        held.Required.ShouldBe(12);
        held.ScaleInFloor.ShouldBe(12);
        held.PromiseFloor.ShouldBe(12);
        held.PromiseFloorUntil.ShouldBe(until);
        held.Summary.ShouldContain("a plan minimum of 12 instances, which would have kept it on the history learned from, is held until 2025-03-14 14:00Z");
        capped.Required.ShouldBe(10, "never above the plan's maximum");
        atMinimum.Required.ShouldBe(4, "a floor at the plan's own minimum holds nothing");
        atMinimum.PromiseFloor.ShouldBeNull();
    }
}
