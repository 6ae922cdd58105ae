using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>The learned headroom on synthetic histories whose answer is known.</summary>
public sealed class HeadroomLearnerTests
{
    private static readonly DateTimeOffset End = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);

    private static readonly HeadroomSettings Settings = new(BudgetPercent: 0.1, LeadMinutes: 3, SweepMinutes: 1, LearningMinutes: 3 * 24 * 60, Min: 2, Max: 40);

    [Fact]
    public void Learn_SteadyDemand_KeepsLittleHeadroomAndMeetsTheBudgetOnHistory()
    {
        var history = History(3 * 24 * 60, _ => 10.0);

        var learned = HeadroomLearner.Learn(history, Settings);

        learned.Learned.ShouldBeTrue();
        learned.Setting.Multiplier.ShouldBe(1.0);
        learned.OverloadPercentOnHistory.ShouldBe(0);
        learned.Burst.ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public void Learn_SuddenRises_KeepsEnoughHeadroomToAbsorbThem()
    {
        // A 30 % rise lasting 30 minutes every two hours: a setting with less than 30 % headroom overloads for minutes
        // each time (far above 0.1 %), so the learner must keep at least 13 instances at the level of 10 (×1.25 rounds up to 13).
        var history = History(3 * 24 * 60, t => t % 120 < 90 ? 10.0 : 13.0);

        var learned = HeadroomLearner.Learn(history, Settings);

        learned.BudgetKeptOnHistory.ShouldBeTrue();
        Math.Ceiling((10 * learned.Setting.Multiplier) - 1e-9).ShouldBeGreaterThanOrEqualTo(13);
        learned.OverloadPercentOnHistory!.Value.ShouldBeLessThanOrEqualTo(HeadroomLearner.SafetyShare * Settings.BudgetPercent);
        learned.Burst.ShouldBeGreaterThan(1.1);
    }

    [Fact]
    public void Multipliers_AscendFromNoHeadroomToThePriorInStepsOfTwoAndAHalfPercentUpToOnePointSix()
    {
        // The bisection needs them ascending; a coarse step makes a plan pay for headroom it does not need.
        var grid = HeadroomLearner.Multipliers;

        grid[0].ShouldBe(1.0);
        grid[^1].ShouldBe(HeadroomLearner.Prior.Multiplier);
        grid.Zip(grid.Skip(1)).ShouldAllBe(pair => pair.Second > pair.First);
        grid.Where(m => m <= 1.6).Zip(grid.Where(m => m <= 1.6).Skip(1)).ShouldAllBe(pair => pair.Second - pair.First <= 0.025 + 1e-9);
        grid.ShouldContain(1.6);
    }

    [Fact]
    public void Learn_RisesOfAThird_KeepsWhatTheyNeedAndNoMore()
    {
        // A rise from 30 to 40 busy every two hours: 10 more instances than ×1.3 keeps at 30 (39) are needed before the
        // added ones serve, but not the 42 of ×1.4. The grid offers what lies between.
        var history = History(3 * 24 * 60, t => t % 120 < 90 ? 30.0 : 40.0);

        var learned = HeadroomLearner.Learn(history, Settings with { Max = 80 });

        learned.BudgetKeptOnHistory.ShouldBeTrue();
        learned.Setting.Multiplier.ShouldBeGreaterThan(1.3);
        learned.Setting.Multiplier.ShouldBeLessThan(1.4);
    }

    [Theory]
    [InlineData(1.05, true, 95.238)]
    [InlineData(1.25, true, 80.0)]
    [InlineData(2.0, false, null)]
    public void CpuLine_IsWhatTheLearnedHeadroomLetsThePlanRunAt(double multiplier, bool learned, double? expected)
    {
        var headroom = new LearnedHeadroom(new HeadroomSetting(multiplier, 10, Seasonal: false), 1.05, 600, 0, 1, learned, 30);

        if (expected is { } line)
        {
            headroom.CpuLine!.Value.ShouldBe(line, 1e-3);
        }
        else
        {
            headroom.CpuLine.ShouldBeNull();
        }
    }

    [Fact]
    public void Learn_ScoresFewerCandidatesThanTheGridByBisection()
    {
        var history = History(3 * 24 * 60, t => t % 120 < 90 ? 10.0 : 13.0);

        var learned = HeadroomLearner.Learn(history, Settings);

        // Per hold and seasonal choice, about log2 of the grid's multipliers instead of all of them.
        learned.Candidates.ShouldBeGreaterThan(0);
        learned.Candidates.ShouldBeLessThanOrEqualTo(HeadroomLearner.Holds.Count * 2 * (int)Math.Ceiling(Math.Log2(HeadroomLearner.Multipliers.Count + 1)));
    }

    [Fact]
    public void Learn_DailyRampThatRecurs_ChoosesTheSeasonalTermWhenItIsCheaper()
    {
        // Each day at 09:00 demand steps from 4 to 16 instances for two hours. Without the seasonal term only a ×4
        // headroom (not in the grid) would absorb the step; with it the step is met ahead, from yesterday's history.
        var history = History(10 * 24 * 60, t => (t % (24 * 60)) is >= 9 * 60 and < 11 * 60 ? 16.0 : 4.0);

        var learned = HeadroomLearner.Learn(history, Settings);

        learned.Setting.Seasonal.ShouldBeTrue();
        learned.BudgetKeptOnHistory.ShouldBeTrue();
    }

    [Fact]
    public void Learn_RisesTheCpuHid_JudgesCandidatesByWhatTheMinutesAsked()
    {
        // The same 30 % rises as above, but the plan that lived them had 10 instances: its CPU read 100 % and its busy
        // instances 10, while its sites turned three requests in thirteen away. Judged by what was served every candidate
        // looks safe; judged by what was asked, only one that keeps 13 instances for a level of 10 keeps the budget.
        const int minutes = 3 * 24 * 60;
        var busy = Enumerable.Range(0, minutes).Select(_ => (double?)10.0).ToList();
        var asked = Enumerable.Range(0, minutes).Select(t => t % 120 < 90 ? null : SaturatedDemand.Asked(10, 1300, 300)).ToList();

        var censored = HeadroomLearner.Learn(new DemandHistory(End, busy), Settings);
        var learned = HeadroomLearner.Learn(new DemandHistory(End, busy) { Asked = asked }, Settings);

        censored.Setting.Multiplier.ShouldBe(1.0);
        learned.BudgetKeptOnHistory.ShouldBeTrue();
        Math.Ceiling((10 * learned.Setting.Multiplier) - 1e-9).ShouldBeGreaterThanOrEqualTo(13);
    }

    [Theory]
    [InlineData(1, 20.0)] // the rise enters yesterday's mean right after the decision: seen
    [InlineData(3 + HeadroomLearner.LevelMinutes, 20.0)] // its served level a level's width past the lead: seen
    [InlineData(3 + HeadroomLearner.LevelMinutes + 1, 4.0)] // beyond that: the rise is for a later sweep
    public void SeasonalAt_LooksTheLeadAndALevelsWidthAheadADayAgo(int minutesAhead, double expected)
    {
        // A day ago the level stepped from 4 to 20 at (t + minutesAhead) − one day; the same time a week ago is not in the history.
        const int day = HeadroomLearner.Day;
        const int t = 2 * day;
        double? Level(int i) => i >= t - day + minutesAhead ? 20.0 : 4.0;

        DemandHistory.SeasonalAt(Level, t, lead: 3).ShouldBe(expected);
    }

    [Fact]
    public void Learn_TooLittleHistory_UsesTheCautiousPrior()
    {
        var history = History(HeadroomLearner.MinimumMinutes - 1, _ => 10.0);

        var learned = HeadroomLearner.Learn(history, Settings);

        learned.Learned.ShouldBeFalse();
        learned.Setting.ShouldBe(HeadroomLearner.Prior);
    }

    [Fact]
    public void Learn_FewHoursOfHistory_KeepsMoreHeadroomThanTheHistoryAloneWouldAsk()
    {
        // Three quiet hours show no burst, but a day's bursts have not been seen yet: the choice starts at the prior.
        var history = History(3 * 60, _ => 10.0);

        var learned = HeadroomLearner.Learn(history, Settings);

        learned.Learned.ShouldBeTrue();
        learned.Setting.Multiplier.ShouldBeGreaterThanOrEqualTo(HeadroomLearner.WarmUpFloor(learned.CoveredMinutes) - 1e-9);
        learned.Setting.Multiplier.ShouldBeGreaterThan(1.4);
        HeadroomLearner.WarmUpFloor(HeadroomLearner.WarmUpMinutes).ShouldBe(1);
    }

    [Fact]
    public void Learn_IsDeterministic()
    {
        var history = History(2 * 24 * 60, t => 8 + (3 * Math.Sin(t / 90.0)) + ((t * 7919) % 13 / 10.0));

        HeadroomLearner.Learn(history, Settings).ShouldBe(HeadroomLearner.Learn(history, Settings));
    }

    [Fact]
    public void Estimate_RequiresTheLargestWantedSizeOfTheHold()
    {
        // Demand fell from 20 to 5 busy instances six minutes ago; a 10-minute hold still wants the size for 20.
        var history = History(24 * 60, t => t < (24 * 60) - 6 ? 20.0 : 5.0);
        var learned = new LearnedHeadroom(new HeadroomSetting(1.1, 10, Seasonal: false), 1.05, 24 * 60, 0, 1, Learned: true, 80);

        var estimate = HeadroomPlanner.Estimate(history, learned, Settings).ShouldNotBeNull();

        estimate.Required.ShouldBe(22);
        estimate.Level.ShouldBe(5, 1e-9);
        estimate.Summary.ShouldContain("budget 0.1 % of minutes");
        estimate.Summary.ShouldContain("headroom ×1.1 held 10 min");
    }

    [Fact]
    public void Estimate_DemandRising_ScaleInKeepsWhatTheLatestMinuteWants()
    {
        // Flat at 10 busy, then 12, 14, 16, 20 in the last four minutes: the 5-minute mean (14.4) lags the latest minute.
        double[] rise = [12, 14, 16, 20];
        var history = History(24 * 60, t => t < (24 * 60) - 4 ? 10.0 : rise[t - ((24 * 60) - 4)]);
        var learned = new LearnedHeadroom(new HeadroomSetting(1.1, 5, Seasonal: false), 1.05, 24 * 60, 0, 1, Learned: true, 80);

        var estimate = HeadroomPlanner.Estimate(history, learned, Settings).ShouldNotBeNull();

        estimate.Level.ShouldBe(14.4, 1e-9);
        estimate.Required.ShouldBe(16);
        estimate.Latest.ShouldBe(20);
        estimate.ScaleInFloor.ShouldBe(22);
        estimate.Summary.ShouldContain("the latest minute (20 busy) keeps 22");
    }

    [Fact]
    public void Estimate_DemandFalling_ScaleInFloorIsWhatTheHoldRequires()
    {
        var history = History(24 * 60, t => t < (24 * 60) - 6 ? 20.0 : 5.0);
        var learned = new LearnedHeadroom(new HeadroomSetting(1.1, 10, Seasonal: false), 1.05, 24 * 60, 0, 1, Learned: true, 80);

        var estimate = HeadroomPlanner.Estimate(history, learned, Settings).ShouldNotBeNull();

        estimate.ScaleInFloor.ShouldBe(estimate.Required);
        estimate.Summary.ShouldNotContain("latest minute");
    }

    [Fact]
    public void Estimate_LatestMinuteMissing_GivesNoEstimate()
    {
        var busy = Enumerable.Repeat<double?>(10, 600).ToList();
        busy[^1] = null;
        var learned = new LearnedHeadroom(new HeadroomSetting(1.1, 10, Seasonal: false), 1.05, 600, 0, 1, Learned: true, 80);

        HeadroomPlanner.Estimate(new DemandHistory(End, busy), learned, Settings).ShouldBeNull();
    }

    [Fact]
    public void Estimate_NeverBelowTheMinimumNorAboveTheMaximum()
    {
        var learned = new LearnedHeadroom(new HeadroomSetting(2.0, 5, Seasonal: false), 1.05, 600, 0, 1, Learned: true, 80);

        HeadroomPlanner.Estimate(History(600, _ => 0.1), learned, Settings)!.Required.ShouldBe(Settings.Min);
        HeadroomPlanner.Estimate(History(600, _ => 35.0), learned, Settings)!.Required.ShouldBe(Settings.Max);
        HeadroomPlanner.Estimate(History(600, t => t < 599 ? 10.0 : 35.0), learned, Settings)!.ScaleInFloor.ShouldBe(Settings.Max);
    }

    [Fact]
    public void Estimate_SaturatedLatestMinute_GrowsToWhatItAskedForWhenThatIsMoreThanTheStep()
    {
        // The plan served 4 busy instances at 100 % CPU; its sites turned half the requests away: it was asked for 8.
        var busy = Enumerable.Repeat<double?>(4, 600).ToList();
        var asked = new double?[600];
        asked[^1] = SaturatedDemand.Asked(4, requests: 1000, serverErrors: 500);
        var history = new DemandHistory(End, busy) { Asked = asked };
        var learned = new LearnedHeadroom(new HeadroomSetting(1.1, 5, Seasonal: false), 1.05, 600, 0, 1, Learned: true, 80);

        var estimate = HeadroomPlanner.Estimate(history, learned, Settings, saturation: 5)!;
        estimate.Required.ShouldBe(8);
        estimate.LatestAsked.ShouldBe(8);
        estimate.Summary.ShouldContain("saturated: the latest minute served 4 busy and asked for 8");
        HeadroomPlanner.Estimate(history, learned, Settings, saturation: 10)!.Required.ShouldBe(10, "the step when it is more");
        var unsaturated = HeadroomPlanner.Estimate(history, learned, Settings)!;
        unsaturated.Required.ShouldBe(5, "not saturated now: the level with its headroom");
        unsaturated.LatestAsked.ShouldBeNull();
        unsaturated.Summary.ShouldNotContain("saturated");
    }

    [Fact]
    public void Estimate_YesterdaysRiseMetLate_PreScalesToWhatItAskedNotWhatWasServed()
    {
        // A day ago demand stepped from 4 to 20 busy two minutes ahead of now; the plan met it late: for ten minutes it served
        // only 4 (CPU capped) while its sites turned the rest away. The seasonal term must read 20, not the capped 4.
        const int day = HeadroomLearner.Day;
        const int n = (2 * day) + 1;
        var rise = n - 1 - day + 2;
        var busy = Enumerable.Range(0, n).Select(t => (double?)(t >= rise + 10 && t < rise + 60 ? 20.0 : 4.0)).ToList();
        var asked = Enumerable.Range(0, n).Select(t => t >= rise && t < rise + 10 ? SaturatedDemand.Asked(4, 5000, 4000) : null).ToList();
        var learned = new LearnedHeadroom(new HeadroomSetting(1.0, 5, Seasonal: true), 1.05, n, 0, 1, Learned: true, 80);

        var censored = HeadroomPlanner.Estimate(new DemandHistory(End, busy), learned, Settings)!;
        var estimate = HeadroomPlanner.Estimate(new DemandHistory(End, busy) { Asked = asked }, learned, Settings)!;

        censored.SeasonalLevel.ShouldBe(4, "what was served reads no rise within the lead and a level's width");
        estimate.SeasonalLevel.ShouldBe(20);
        estimate.Required.ShouldBe(20);
    }

    [Theory]
    [InlineData(1000.0, 500.0, 8.0)] // half the requests turned away: twice what the CPU showed
    [InlineData(1000.0, 0.0, 4.0)] // none turned away: what the CPU showed
    [InlineData(1000.0, null, 4.0)] // no error data: what the CPU showed
    [InlineData(1000.0, 1000.0, 40.0)] // everything failed: at most the cap (×10)
    [InlineData(1000.0, 2000.0, 40.0)] // more errors than requests (buckets of different minutes): clamped, capped
    public void SaturatedDemand_Asked_ScalesTheServedLoadByTheRequestsPerServedRequest(double requests, double? errors, double expected)
    {
        SaturatedDemand.Asked(4, requests, errors).ShouldNotBeNull().ShouldBe(expected, 1e-9);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    public void SaturatedDemand_Asked_NoRequestsReported_Unknown(double? requests)
    {
        SaturatedDemand.Asked(4, requests, 0).ShouldBeNull();
    }

    [Fact]
    public void AskedAt_NeverBelowWhatWasServedAndWithoutAskedTheSameAsBusy()
    {
        var history = new DemandHistory(End, [4, 4, null, 4]) { Asked = [null, 2, 9, 9] };

        history.AskedAt(0).ShouldBe(4);
        history.AskedAt(1).ShouldBe(4, "an estimate below what was served is not what was asked");
        history.AskedAt(2).ShouldBeNull("no CPU data, no demand");
        history.AskedAt(3).ShouldBe(9);
        history.AskedLevelAt(3).ShouldNotBeNull().ShouldBe((4 + 4 + 9) / 3.0, 1e-9);
        new DemandHistory(End, [4, 6, 8]).AskedLevels().ShouldBe(new DemandHistory(End, [4, 6, 8]).Levels());
    }

    private static DemandHistory History(int minutes, Func<int, double> busy) =>
        new(End, [.. Enumerable.Range(0, minutes).Select(t => (double?)busy(t))]);
}
