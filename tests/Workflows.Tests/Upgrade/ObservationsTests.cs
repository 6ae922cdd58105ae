using Seamless.Core.Canary;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Upgrade;

public sealed class ObservationsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Samples_SkipMinutesWithoutTraffic_AndComputeErrorRate()
    {
        var metrics = new SlotMetrics(
        [
            new SlotMinute(T0, 100, 5, 0.2),
            new SlotMinute(T0.AddMinutes(1), 0, 0, null),
            new SlotMinute(T0.AddMinutes(2), null, null, null),
            new SlotMinute(T0.AddMinutes(3), 200, null, 0.1),
        ]);

        var samples = Observations.Samples(metrics);

        samples[CanaryJudgeConfig.Http5xxRateMetric].ShouldBe([0.05, 0.0]);
        samples[CanaryJudgeConfig.HttpResponseTimeMetric].ShouldBe([0.2, 0.1]);
    }

    [Fact]
    public void Compare_PairsBaselineAndCanary_ForEveryJudgedMetric()
    {
        var baseline = new SlotMetrics([new SlotMinute(T0, 100, 0, 0.1)]);
        var canary = new SlotMetrics([new SlotMinute(T0, 10, 5, 0.4)]);

        var observations = Observations.Compare(baseline, canary);

        observations.Metrics[CanaryJudgeConfig.Http5xxRateMetric].Canary.ShouldBe([0.5]);
        observations.Metrics[CanaryJudgeConfig.HttpResponseTimeMetric].Baseline.ShouldBe([0.1]);
    }

    [Fact]
    public void Merge_OverlappingReads_OneEntryPerMinuteNewestWinsInTimeOrder()
    {
        var observed = new SlotMetrics([new SlotMinute(T0, 100, 0, 0.1), new SlotMinute(T0.AddMinutes(1), 40, 0, 0.1)]);
        var fresh = new SlotMetrics([new SlotMinute(T0.AddMinutes(2), 100, 1, 0.2), new SlotMinute(T0.AddMinutes(1), 100, 0, 0.1)]);

        var merged = Observations.Merge(observed, fresh);

        merged.Minutes.Select(m => m.Timestamp).ShouldBe([T0, T0.AddMinutes(1), T0.AddMinutes(2)]);
        merged.Minutes[1].Requests.ShouldBe(100);
    }

    [Fact]
    public void Merge_NothingNew_KeepsWhatWasObserved()
    {
        var observed = new SlotMetrics([new SlotMinute(T0, 100, 0, 0.1)]);

        var merged = Observations.Merge(observed, new SlotMetrics([]));

        merged.Minutes.ShouldBe(observed.Minutes);
    }
}
