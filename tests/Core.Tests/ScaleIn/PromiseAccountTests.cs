using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>How a plan kept the promise on its own history (<see cref="PromiseAccount"/>).</summary>
public sealed class PromiseAccountTests
{
    private static readonly DateTimeOffset End = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    private const int Day = 24 * 60;

    [Fact]
    public void Of_NothingTurnedAway_NoMinuteIsOverloadedAndThePromiseIsKept()
    {
        var history = new DemandHistory(End, [.. Enumerable.Repeat<double?>(3, 600)]);

        var account = PromiseAccount.Of(history, 0.1);

        account.Minutes.ShouldBe(600);
        account.OverloadedMinutes.ShouldBe(0);
        account.Kept.ShouldBeTrue();
        account.From.ShouldBe(End.AddMinutes(-600));
        account.Through.ShouldBe(End);
    }

    [Fact]
    public void Of_ASaturatedBurst_CountsTheMinutesUsersFelt_AndMissesABudgetTheyExceed()
    {
        // A plan of 4 saturated for three minutes that asked for 6: the trailing 5-minute mean of what was asked over the
        // instances serving exceeds 100 % on minutes 4, 5 and 6 (DemandHistory.OverloadedMinutesSeen's own case).
        var history = new DemandHistory(End, [2, 2, 4, 4, 4, 2, 2, 2, 2, 2]) { Asked = [null, null, 6, 6, 6, null, null, null, null, null] };

        var account = PromiseAccount.Of(history, 0.1);

        account.OverloadedMinutes.ShouldBe(3);
        account.Minutes.ShouldBe(10);
        account.OverloadPercent.ShouldBe(30);
        account.AllowedMinutes.ShouldBe(0.01);
        account.Kept.ShouldBeFalse();
        account.KeptLastDay.ShouldBeFalse();
    }

    public static TheoryData<string, int, bool, int, bool> Bursts => new()
    {
        // name, minute of the burst (minutes from the start of three days), kept over them, overloaded in the last day, kept in it
        { "two days ago: within the budget over three days, none in the last day", Day / 2, true, 0, true },
        { "in the last day: within the three days' budget (4.32 minutes), beyond the day's (1.44)", (2 * Day) + 100, true, 3, false },
    };

    [Theory]
    [MemberData(nameof(Bursts))]
    public void Of_ABurstOfThreeMinutes_IsJudgedOverTheHistoryHeldAndOverItsLastDay(string name, int at, bool kept, int lastDay, bool keptLastDay)
    {
        var history = WithBurstAt(3 * Day, at);

        var account = PromiseAccount.Of(history, 0.1);

        account.OverloadedMinutes.ShouldBe(3, name);
        account.Kept.ShouldBe(kept, name);
        account.LastDayMinutes.ShouldBe(Day, name);
        account.LastDayOverloadedMinutes.ShouldBe(lastDay, name);
        account.KeptLastDay.ShouldBe(keptLastDay, name);
    }

    [Fact]
    public void Of_MinutesWithoutData_AreNotCounted_AndTheAccountStartsAtTheFirstMinuteWithData()
    {
        double?[] busy = [null, null, null, 3, 3, null, 3, 3, 3, 3];

        var account = PromiseAccount.Of(new DemandHistory(End, busy), 0.1);

        account.From.ShouldBe(End.AddMinutes(-7));
        account.Minutes.ShouldBe(6);
        PromiseAccount.Of(new DemandHistory(End, [null, null]), 0.1).Summary.ShouldBe("promise: no minute with data yet");
    }

    [Fact]
    public void Of_TheInstancesServingKnown_SaysWhatKeepingThePromiseCost()
    {
        var history = new DemandHistory(End, [3, 3, 5, 5]) { Serving = [4, 4, 6, null] };

        var account = PromiseAccount.Of(history, 0.1);

        account.MeanInstances!.Value.ShouldBe(14.0 / 3, 0.001);
        account.MeanBusy!.Value.ShouldBe(11.0 / 3, 0.001);
        PromiseAccount.Of(new DemandHistory(End, [3, 3]), 0.1).MeanInstances.ShouldBeNull("no minute says how many served");
    }

    [Fact]
    public void Summary_StatesTheVerdictTheMinutesAndTheBudget()
    {
        var history = WithBurstAt(3 * Day, Day / 2) with { Serving = [.. Enumerable.Repeat<int?>(4, 3 * Day)] };

        var summary = PromiseAccount.Of(history, 0.1).Summary;

        summary.ShouldBe("promise kept on the 3 days held: 3 of 4,320 minutes overloaded (0.069 %; the budget of 0.1 % allows 4.3), 0 of 1,440 in the last day; 4 instances serving for 2 busy on average");
    }

    [Fact]
    public void Learn_AccountsForTheWholeHistoryHeld_AndTheEstimateJournalsIt()
    {
        var settings = new HeadroomSettings(BudgetPercent: 0.1, LeadMinutes: 3, SweepMinutes: 1, LearningMinutes: Day, Min: 2, Max: 40);
        var history = WithBurstAt(3 * Day, Day / 2);

        var learned = HeadroomLearner.Learn(history, settings);
        var estimate = HeadroomPlanner.Estimate(history, learned, settings)!;

        learned.Promise.ShouldBe(PromiseAccount.Of(history, 0.1));
        learned.Promise!.Minutes.ShouldBe(3 * Day, "the whole history held, not the learning window alone");
        estimate.Promise.ShouldBe(learned.Promise);
        estimate.Summary.ShouldEndWith($"; {learned.Promise.Summary}");
    }

    public static TheoryData<string, int[], int> Runs => new()
    {
        // name, the bursts' first minutes, the bursts counted
        { "none", [], 0 },
        { "one", [300], 1 },
        { "two a few minutes apart: one burst", [300, 308], 1 },
        { "two an hour apart", [300, 360], 2 },
        { "three, two of them close", [300, 308, 900], 2 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Of_OverloadedMinutesApart_CountAsBurstsOnlyWithQuietMinutesBetween(string name, int[] at, int bursts)
    {
        var account = PromiseAccount.Of(WithBurstAt(Day, at), 0.1);

        account.Bursts.ShouldBe(bursts, name);
        account.OverloadedMinutes.ShouldBe(3 * at.Length, name);
    }

    // The history of three days starts at 2025-03-07 14:00Z: minute 660 is 01:00Z on the 8th, 2100 the same time on the 9th.
    public static TheoryData<string, int[], int[]?> Times => new()
    {
        // name, the bursts' first minutes, the hours of the day they recur at (null: not confined to hours of the day)
        { "none", [], null },
        { "one at 01:00", [660], null },
        { "01:00 on two nights", [660, 2100], [22, 23, 0, 1, 2, 3, 4] },
        { "01:00 and 03:30 the next night: within three hours of each other", [660, 2250], [22, 23, 0, 1, 2, 3, 4, 5, 6] },
        { "01:00 and 05:00 the next night: four hours apart", [660, 2340], null },
        { "01:00 and 02:00 the same night: not another day", [660, 720], null },
        { "01:00 on two nights and once at 13:00: that one at an hour no other day's came", [660, 2100, 1380], null },
        { "23:30 and 00:30 two nights later: round midnight", [570, 2070], [20, 21, 22, 23, 0, 1, 2, 3] },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Of_BurstsAtTheSameTimeOfDayOnOtherDays_SayWhichHoursTheyRecurAt(string name, int[] at, int[]? hours)
    {
        var account = PromiseAccount.Of(WithBurstAt(3 * Day, at), 0.1);

        account.Bursts.ShouldBe(at.Length, name);
        if (hours is null)
        {
            account.BurstHours.ShouldBeNull(name);
        }
        else
        {
            account.BurstHours.ShouldNotBeNull(name).Hours.ShouldBe([.. hours.Order()], name);
        }
    }

    [Fact]
    public void Summary_BurstsAtTheSameTimeOfDay_SaysWhichHours()
    {
        PromiseAccount.Of(WithBurstAt(3 * Day, 660, 2100), 0.1).Summary.ShouldContain("in 2 bursts at the same times of day (22:00–04:59 UTC)");
    }

    /// <summary>A plan of 2 busy on 4 whose minutes from each of <paramref name="at"/> to it + 2 saturated at 4 and asked for 6.</summary>
    private static DemandHistory WithBurstAt(int minutes, params int[] at)
    {
        var busy = new double?[minutes];
        var asked = new double?[minutes];
        for (var t = 0; t < minutes; t++)
        {
            var burst = at.Any(a => t >= a && t < a + 3);
            busy[t] = burst ? 4 : 2;
            asked[t] = burst ? 6 : null;
        }

        return new DemandHistory(End, busy) { Asked = asked };
    }
}
