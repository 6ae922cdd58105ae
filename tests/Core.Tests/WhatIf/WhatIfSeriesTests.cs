using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

/// <summary>The minutes behind a what-if report (<see cref="WhatIfRunner.RunWithSeries"/>) and their CSV.</summary>
public sealed class WhatIfSeriesTests
{
    private static Trace Bursty() => WhatIfTestTraces.Bursty();

    [Fact]
    public void RunWithSeries_ReportIsRunsReport_AndEveryPolicysMinutesAddUpToItsFigures()
    {
        var trace = Bursty();
        var options = new WhatIfOptions { Peers = WhatIfPeers.Tuned };

        var run = WhatIfRunner.RunWithSeries(trace, options);

        WhatIfReportFormatter.ToJson(run.Report).ShouldBe(WhatIfReportFormatter.ToJson(WhatIfRunner.Run(trace, options)));
        run.Series.Policies.Select(p => p.Name).ShouldBe([.. run.Report.Policies.Select(p => p.Name), WhatIfPolicyNames.AzureAutoscaleTuned, WhatIfPolicyNames.HpaTuned]);
        run.Series.Demand.Count.ShouldBe(trace.Minutes);
        run.Series.Demand.Max().ShouldBe(20, 1e-9, "the peak needs 20 instances at 100 % CPU");
        var figures = run.Report.Policies.Concat(run.Report.Tuned.Select(t => t.Result)).ToDictionary(p => p.Name);
        foreach (var policy in run.Series.Policies)
        {
            policy.Billed.Count.ShouldBe(trace.Minutes, policy.Name);
            Math.Round(policy.Billed.Sum() / 60.0, 2).ShouldBe(figures[policy.Name].InstanceHours, policy.Name);
            policy.Overloaded.Count(o => o).ShouldBe(figures[policy.Name].OverloadMinutes, policy.Name);
            policy.Serving.Zip(policy.Billed).ShouldAllBe(p => p.First <= p.Second, policy.Name);
        }

        run.Series.Policies.Sum(p => p.Overloaded.Count(o => o)).ShouldBeGreaterThan(0, "the bursts overload some policy, so the overloaded column is exercised");
    }

    [Fact]
    public void RunWithSeries_Learning_StartsCold_IsLearnedEachHour_AndLearnsOnceTheHistoryHoldsTwoHours()
    {
        var run = WhatIfRunner.RunWithSeries(Bursty(), new WhatIfOptions());
        var learning = run.Series.Learning;

        learning[0].FromMinute.ShouldBe(0);
        learning[0].Learned.Learned.ShouldBeFalse();
        learning.Select(s => (s.FromMinute + 1) / 60).ShouldBe(Enumerable.Range(0, 25), "once an hour, on the history up to it (from the hour's last minute; the day's last minute ends the 24th)");
        run.Series.LearningAt(HeadroomLearner.MinimumMinutes - 2)!.Learned.Learned.ShouldBeFalse("under two hours of data: the cold-start setting");
        run.Series.LearningAt(HeadroomLearner.MinimumMinutes + 30)!.Learned.Learned.ShouldBeTrue("two hours of data: learned");
        run.Series.LearningAt(HeadroomLearner.MinimumMinutes + 30)!.Learned.Setting.ShouldNotBe(HeadroomLearner.ColdStart);
    }

    [Fact]
    public void RunWithSeries_EachLearningsPromiseAccount_CountsTheMinutesTheReplayCountedOverloaded()
    {
        // The account reads the plan's metrics as the product does (CPU capped at 100 %, what a saturated minute asked
        // from its requests turned away, the instances serving) and must find the minutes the what-if counts from the
        // true demand. A generous budget keeps the plan thin, so the bursts overload it.
        var trace = Bursty();
        var options = new WhatIfOptions { Policy = ScaleInPolicy.Default with { OverloadBudgetPercent = 5 } };

        var run = WhatIfRunner.RunWithSeries(trace, options);
        var seamless = run.Series.Policies.Single(p => p.Name == WhatIfPolicyNames.Seamless);

        var checkedLearnings = 0;
        foreach (var span in run.Series.Learning.Where(s => s.Learned.Promise is { Minutes: > 0 }))
        {
            var account = span.Learned.Promise!;
            var end = span.FromMinute + 1;
            account.Minutes.ShouldBe(end, $"learned at minute {span.FromMinute}: every minute up to it holds data");
            account.OverloadedMinutes.ShouldBe(seamless.Overloaded.Take(end).Count(o => o), $"learned at minute {span.FromMinute}");
            checkedLearnings++;
        }

        checkedLearnings.ShouldBeGreaterThan(20);
        run.Series.Learning[^1].Learned.Promise!.OverloadedMinutes.ShouldBeGreaterThan(0, "the bursts overload the plan, so the count is exercised");
    }

    [Fact]
    public void RunWithSeries_FixedHeadroom_LearnsNothing_AndLeavesTheLearningColumnsEmpty()
    {
        var options = new WhatIfOptions { Policy = ScaleInPolicy.Default with { Headroom = HeadroomMode.Fixed } };

        var run = WhatIfRunner.RunWithSeries(Bursty(), options);
        var rows = WhatIfSeriesCsv.ToCsv(run.Series).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        run.Series.Learning.ShouldBeEmpty();
        rows[1].ShouldEndWith(new string(',', 13));
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(0, 0)]
    [InlineData(58, 0)]
    [InlineData(59, 59)]
    [InlineData(118, 59)]
    [InlineData(119, 119)]
    [InlineData(5000, 119)]
    public void LearningAt_ReturnsTheSpanInForce(int minute, int? from)
    {
        var learned = new LearnedHeadroom(HeadroomLearner.ColdStart, 1, 0, null, null, Learned: false, Candidates: 0);
        var series = new WhatIfSeries("t", [], [], [new LearningSpan(0, learned), new LearningSpan(59, learned), new LearningSpan(119, learned)]);

        int? found = series.LearningAt(minute)?.FromMinute;

        found.ShouldBe(from);
    }

    [Fact]
    public void ToCsv_WritesAHeaderAndOneRowPerMinute_WithEmptyCellsForWhatWasNotLearned()
    {
        var learned = new LearnedHeadroom(new HeadroomSetting(1.075, 120, Seasonal: true, LevelMinutes: 3) { SeasonalEarlyMinutes = 30 }, 1.2345678, 5760, 0.0123456, 1.5, Learned: true, Candidates: 99)
        {
            OverloadPercentSeen = 0.07,
            OverloadPercentBeyondReach = 0.0868,
            MinimumToKeepBudget = 9,
        };
        var series = new WhatIfSeries(
            "t",
            [1.5, 2.25],
            [new PolicySeries("seamless", [3, 4], [3, 3], [0.5, 1.0 / 3 * 3.5], [false, true])],
            [new LearningSpan(1, learned)]);

        var rows = WhatIfSeriesCsv.ToCsv(series).Split('\n');

        rows.Length.ShouldBe(4, "a header, two minutes and the final newline");
        rows[0].ShouldBe("minute,demand_instances,seamless_billed,seamless_serving,seamless_utilisation_pct,seamless_overloaded,"
            + "seamless_learned,seamless_multiplier,seamless_hold_minutes,seamless_level_minutes,seamless_seasonal,seamless_seasonal_early_minutes,"
            + "seamless_budget_kept_on_history,seamless_burst,seamless_overload_pct_on_history,seamless_overload_pct_on_same_hours,"
            + "seamless_overload_pct_beyond_reach,seamless_overload_pct_seen,seamless_minimum_to_keep_budget");
        rows[1].ShouldBe("0,1.5,3,3,50,0" + new string(',', 13), "nothing learned before minute 1");
        rows[2].ShouldBe("1,2.25,4,3,116.67,1,1,1.075,120,3,1,30,1,1.2346,0.0123,,0.0868,0.07,9");
        rows[3].ShouldBeEmpty();
    }
}
