using Seamless.Api;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Api.Tests;

/// <summary>The plan view's account of the promise (<see cref="PlanPromiseView"/>): the minimum Seamless holds and when.</summary>
public sealed class PlanPromiseViewTests
{
    private static readonly DateTimeOffset Hour = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly HeadroomSettings Settings = new(BudgetPercent: 0.1, LeadMinutes: 3, SweepMinutes: 1, LearningMinutes: 4 * HeadroomLearner.Day, Min: 2, Max: 40) { HoldMinimumToKeepBudget = true };

    [Fact]
    public void Of_AMinimumHeldAtTheHoursItsBurstsRecur_ShowsThoseHours_AndNoneWhereItIsHeldAroundTheClock()
    {
        var nights = new HoursOfDay((1 << 22) | (1 << 23) | (1 << 0) | (1 << 1));
        var history = new DemandHistory(Hour, [.. Enumerable.Repeat<double?>(3.0, 60)]);
        var learned = new LearnedHeadroom(new HeadroomSetting(1.25, 5, Seasonal: false), 1.2, 60, 0.2, null, Learned: true, Candidates: 10)
        {
            Promise = new PromiseAccount(0.1, Hour.AddDays(-11), Hour, 11 * HeadroomLearner.Day, 20, HeadroomLearner.Day, 0, null, null) { Bursts = 4 },
        };
        var until = Hour.AddDays(4);

        var atNight = PlanPromiseView.Of(Hour, HeadroomPlanner.Estimate(history, learned, Settings, floor: (12, until, nights)))!;
        var allDay = PlanPromiseView.Of(Hour, HeadroomPlanner.Estimate(history, learned, Settings, floor: (12, until, null)))!;

        atNight.HeldMinimum.ShouldBe(12);
        atNight.HeldUntil.ShouldBe(until);
        atNight.HeldHours.ShouldBe(nights);
        System.Text.Json.JsonSerializer.Serialize(atNight.HeldHours).ShouldBe("[0,1,22,23]");
        allDay.HeldMinimum.ShouldBe(12);
        allDay.HeldHours.ShouldBeNull();
    }
}
