using Seamless.Core.Canary;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

/// <summary>The published upgrade status is bounded whatever the history, and keeps what an operator reads first.</summary>
public sealed class UpgradeStatusBudgetTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, int, int, int> Histories => new()
    {
        { "short release", 5, 3, 10 },
        { "day-long guard window", 3000, 1440, 200 },
        { "huge verdict details", 40, 40, 20_000 },
        { "huge messages", 400, 400, 10 },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void Fit_AnyHistory_StaysWithinTheBudgetAndKeepsTheCounts(string name, int timeline, int verdicts, int detailSize)
    {
        string message = name == "huge messages" ? new string('m', 50_000) : "judged";
        var full = Status(timeline, verdicts, detailSize, message);

        var fitted = UpgradeStatusBudget.Fit(full);

        UpgradeStatusBudget.Size(fitted).ShouldBeLessThanOrEqualTo(UpgradeStatusBudget.MaxBytes, name);
        fitted.TimelineCount.ShouldBe(timeline);
        fitted.VerdictCount.ShouldBe(verdicts);
        fitted.LatestVerdict.ShouldNotBeNull().Gate.ShouldBe(full.LatestVerdict!.Gate);
        fitted.Phase.ShouldBe(full.Phase);
    }

    [Fact]
    public void Fit_SmallStatus_KeepsTheRecentEntriesWithTheirDetail()
    {
        var full = Status(timeline: 30, verdicts: 12, detailSize: 2, message: "ok");

        var fitted = UpgradeStatusBudget.Fit(full);

        fitted.Timeline.Count.ShouldBe(UpgradeStatusBudget.RecentTimeline);
        fitted.Timeline[^1].ShouldBe(full.Timeline[^1]);
        fitted.Verdicts.Count.ShouldBe(UpgradeStatusBudget.RecentVerdicts);
        fitted.Verdicts[^1].Detail.ShouldNotBeNull();
    }

    private static UpgradeStatus Status(int timeline, int verdicts, int detailSize, string message)
    {
        var metrics = Enumerable.Range(0, detailSize)
            .Select(i => new MetricVerdict($"metric-{i}", "latency", MetricOutcome.Pass, MetricReason.NotSignificant, "fine", false, CanaryDirection.Increase, 10, 10, i * 0.5, i * 0.5, 1, 0.5))
            .ToList();
        var detail = new VerdictDetail(new CanaryVerdict(CanaryOutcome.Pass, 100, CanaryReason.ScoreAbovePass, "fine", metrics, []));
        var verdictList = Enumerable.Range(0, verdicts).Select(i => new VerdictRecord(At.AddMinutes(i), UpgradePhases.Guarding, VerdictGate.Guard, VerdictOutcome.Pass, message, 1.0, detail)).ToList();
        var timelineList = Enumerable.Range(0, timeline).Select(i => new TimelineEntry(At.AddMinutes(i), UpgradePhases.Guarding, message)).ToList();
        return new UpgradeStatus("site", "v2", UpgradePhases.Guarding, "watching", verdictList[^1], 0, null, message, timelineList, verdictList, timeline, verdicts);
    }
}
