using Seamless.Api;
using Seamless.Host.Reports;
using Seamless.Workflows.Upgrade;

namespace Seamless.Host.Tests.Reports;

/// <summary>What the report draws from the API's views: one series per slot, markers at phase changes, canary steps and swaps.</summary>
public sealed class ReportChartsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Markers_Timeline_OneAtEachPhaseChangeCanaryStepAndSwap()
    {
        TimelineEntry[] timeline =
        [
            new(T0, UpgradePhases.Validating, "checking"),
            new(T0.AddSeconds(1), UpgradePhases.Validating, "site found"),
            new(T0.AddSeconds(5), UpgradePhases.WarmingUp, "warming 3 instances"),
            new(T0.AddMinutes(3), UpgradePhases.Canary, "routing 10 % of production traffic to staging", TimelineChange.Routing(10)),
            new(T0.AddMinutes(6), UpgradePhases.Canary, "routing 50 % of production traffic to staging", TimelineChange.Routing(50)),
            new(T0.AddMinutes(9), UpgradePhases.Swapping, "routing 0 % of production traffic to staging", TimelineChange.Routing(0)),
            new(T0.AddMinutes(9), UpgradePhases.Swapping, "swap had already completed (resumed after a restart)", TimelineChange.Swap),
            new(T0.AddMinutes(10), UpgradePhases.Guarding, "guard: Fail — 5xx above baseline"),
            new(T0.AddMinutes(11), UpgradePhases.RollingBack, "swapped back: the previous build serves production again", TimelineChange.SwapBack),
        ];

        var markers = ReportCharts.Markers(timeline);

        markers.Select(m => (m.At, m.Label, m.Kind)).ShouldBe(
        [
            (T0, "Validating", ReportMarkerKind.Phase),
            (T0.AddSeconds(5), "WarmingUp", ReportMarkerKind.Phase),
            (T0.AddMinutes(3), "Canary", ReportMarkerKind.Phase),
            (T0.AddMinutes(3), "canary 10 %", ReportMarkerKind.Canary),
            (T0.AddMinutes(6), "canary 50 %", ReportMarkerKind.Canary),
            (T0.AddMinutes(9), "Swapping", ReportMarkerKind.Phase),
            (T0.AddMinutes(9), "canary off", ReportMarkerKind.Canary),
            (T0.AddMinutes(9), "swap", ReportMarkerKind.Swap),
            (T0.AddMinutes(10), "Guarding", ReportMarkerKind.Phase),
            (T0.AddMinutes(11), "RollingBack", ReportMarkerKind.Phase),
            (T0.AddMinutes(11), "swap back", ReportMarkerKind.Swap),
        ]);
    }

    [Fact]
    public void Markers_MessagesThatReadLikeChangesWithoutATypedChange_PhaseMarkersOnly()
    {
        // The messages are prose for people; only the typed change marks a swap or a canary step.
        TimelineEntry[] timeline =
        [
            new(T0, UpgradePhases.Canary, "routing 10 % of production traffic to staging"),
            new(T0.AddMinutes(1), UpgradePhases.Swapping, "swapped staging into production"),
            new(T0.AddMinutes(2), UpgradePhases.RollingBack, "swapped back: the previous build serves production again"),
        ];

        var markers = ReportCharts.Markers(timeline);

        markers.ShouldAllBe(m => m.Kind == ReportMarkerKind.Phase);
        markers.Count.ShouldBe(3);
    }

    [Fact]
    public void Markers_FractionalCanaryShare_LabelledInvariantly()
    {
        TimelineEntry[] timeline = [new(T0, UpgradePhases.Canary, "routing 2.5 % of production traffic to staging", TimelineChange.Routing(2.5))];

        var markers = ReportCharts.Markers(timeline);

        markers.Select(m => m.Label).ShouldBe(["Canary", "canary 2.5 %"]);
    }

    [Fact]
    public void From_TwoSlots_ThreeChartsWithASeriesPerSlotAndNullMinutesLeftOut()
    {
        var metrics = new UpgradeMetricsView(
            "upgrade:app-demo:0123456789ab",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app-demo",
            T0,
            T0.AddMinutes(3),
            [
                new SlotMetricsView("production", "target", "p", [new(T0, 100, 0, 40), new(T0.AddMinutes(1), 90, 1, null), new(T0.AddMinutes(2), 95, 0, 42)]),
                new SlotMetricsView("staging", "source", "s", [new(T0.AddMinutes(1), 10, 0, 55)]),
            ]);

        var charts = ReportCharts.From(metrics);

        charts.Select(c => c.Title).ShouldBe(["Requests per minute", "Server errors (5xx) per minute", "Response time"]);
        charts.ShouldAllBe(c => c.From == T0 && c.To == T0.AddMinutes(3) && c.Grain == TimeSpan.FromMinutes(1));
        charts[0].Series.Select(s => s.Name).ShouldBe(["production (serving)", "staging (new build; canary share)"]);
        charts[0].Series[0].Points.Select(p => p.Value).ShouldBe([100, 90, 95]);
        charts[2].Series[0].Points.Select(p => p.At).ShouldBe([T0, T0.AddMinutes(2)]);
        charts[2].Series[1].Points.ShouldHaveSingleItem().Value.ShouldBe(55);
    }
}
