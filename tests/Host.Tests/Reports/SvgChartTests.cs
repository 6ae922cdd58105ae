using System.Text.RegularExpressions;
using Seamless.Host.Reports;

namespace Seamless.Host.Tests.Reports;

/// <summary>The inline SVG of a report chart: lines broken at missing minutes, a labelled UTC time axis, markers and a legend.</summary>
public sealed partial class SvgChartTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 1, 9, 50, 0, TimeSpan.Zero);

    [Fact]
    public void Render_AMissingMinute_BreaksTheLineIntoTwoPolylines()
    {
        // 09:55-09:59, then nothing at 10:00, then 10:01-10:04.
        var points = Minutes(5, 5).Concat(Minutes(11, 4)).ToList();
        var chart = Chart(new ReportSeries("production (serving)", points));

        string svg = SvgChart.Render(chart, []);

        var lines = PolylinePattern().Matches(svg).Select(m => m.Groups[1].Value.Split(' ')).ToList();
        lines.Count.ShouldBe(2, svg);
        lines[0].Length.ShouldBe(5);
        lines[1].Length.ShouldBe(4);
        double endOfFirst = X(lines[0][^1]);
        double startOfSecond = X(lines[1][0]);
        startOfSecond.ShouldBeGreaterThan(endOfFirst);
    }

    [Fact]
    public void Render_NoMissingMinute_OnePolyline()
    {
        var chart = Chart(new ReportSeries("production (serving)", [.. Minutes(0, 20)]));

        string svg = SvgChart.Render(chart, []);

        PolylinePattern().Count(svg).ShouldBe(1);
    }

    [Fact]
    public void Render_ALoneMinuteBetweenGaps_IsADotNotALine()
    {
        var points = Minutes(2, 3).Concat(Minutes(7, 1)).Concat(Minutes(10, 3)).ToList();
        var chart = Chart(new ReportSeries("staging (new build; canary share)", points));

        string svg = SvgChart.Render(chart, []);

        PolylinePattern().Count(svg).ShouldBe(2);
        Regex.Count(svg, "<circle ").ShouldBe(1);
    }

    [Fact]
    public void Render_TwentyMinuteWindow_TicksLabelledHHmmEveryFiveMinutesAndAUtcCaption()
    {
        var chart = Chart(new ReportSeries("production (serving)", [.. Minutes(0, 20)]));

        string svg = SvgChart.Render(chart, []);

        TickLabelPattern().Matches(svg).Select(m => m.Groups[1].Value).ShouldBe(["09:50", "09:55", "10:00", "10:05", "10:10"]);
        svg.ShouldContain("time (UTC)");
    }

    [Fact]
    public void Render_Markers_VerticalLinesWithTheirLabelsAndTimes()
    {
        var chart = Chart(new ReportSeries("production (serving)", [.. Minutes(0, 20)]));
        ReportMarker[] markers =
        [
            new(From.AddMinutes(2), "WarmingUp", ReportMarkerKind.Phase),
            new(From.AddMinutes(2.1), "Smoke", ReportMarkerKind.Phase),
            new(From.AddMinutes(12.5), "swap", ReportMarkerKind.Swap),
            new(From.AddHours(2), "outside the window", ReportMarkerKind.Phase),
        ];

        string svg = SvgChart.Render(chart, markers);

        svg.ShouldContain("<g class=\"marker phase\"><title>09:52:00 UTC — WarmingUp</title>");
        svg.ShouldContain("<g class=\"marker phase\"><title>09:52:06 UTC — Smoke</title>");
        svg.ShouldContain("<g class=\"marker swap\"><title>10:02:30 UTC — swap</title>");
        svg.ShouldContain(">WarmingUp</text>");
        svg.ShouldContain(">swap</text>");
        svg.ShouldNotContain("outside the window");

        // Labels of markers close together are stacked in separate rows, not drawn over each other.
        var labelY = MarkerLabelPattern().Matches(svg).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        labelY["WarmingUp"].ShouldNotBe(labelY["Smoke"]);
    }

    [Fact]
    public void Render_PhasesSecondsApart_OneLineEachAndOneJoinedLabel()
    {
        var chart = Chart(new ReportSeries("production (serving)", [.. Minutes(0, 20)]));
        ReportMarker[] markers =
        [
            new(From.AddMinutes(3), "Validating", ReportMarkerKind.Phase),
            new(From.AddMinutes(3).AddSeconds(1), "Leasing", ReportMarkerKind.Phase),
            new(From.AddMinutes(3).AddSeconds(2), "Preparing", ReportMarkerKind.Phase),
        ];

        string svg = SvgChart.Render(chart, markers);

        Regex.Count(svg, "<g class=\"marker phase\">").ShouldBe(3);
        MarkerLabelPattern().Matches(svg).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)).ShouldBe(["Validating · Leasing · Preparing"]);
    }

    [Fact]
    public void Render_TwoSeries_LegendNamesEachSeriesAndEachMarkerKind()
    {
        var chart = Chart(
            new ReportSeries("production (serving)", [.. Minutes(0, 20)]),
            new ReportSeries("staging (new build; canary share)", [.. Minutes(0, 20)]));

        string svg = SvgChart.Render(chart, []);

        var legend = svg[svg.IndexOf("<g class=\"legend\">", StringComparison.Ordinal)..];
        legend.ShouldContain(">production (serving)</text>");
        legend.ShouldContain(">staging (new build; canary share)</text>");
        legend.ShouldContain(">phase change</text>");
        legend.ShouldContain(">swap</text>");
        PolylinePattern().Count(svg).ShouldBe(2);
    }

    [Fact]
    public void Render_NoPoints_SaysSoAndStillDrawsTheAxis()
    {
        var chart = Chart(new ReportSeries("production (serving)", []));

        string svg = SvgChart.Render(chart, []);

        svg.ShouldContain("no data in this window");
        PolylinePattern().Count(svg).ShouldBe(0);
        TickLabelPattern().Count(svg).ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("20 minutes", 20, 5)]
    [InlineData("an hour", 60, 10)]
    [InlineData("five minutes", 5, 1)]
    [InlineData("six hours", 360, 60)]
    public void Ticks_Window_AtMostTenOnWholeMultiplesOfTheStep(string name, int minutes, int step)
    {
        var ticks = SvgChart.Ticks(From, From.AddMinutes(minutes));

        ticks.Count.ShouldBeInRange(2, 11, name);
        ticks.ShouldAllBe(t => t.Second == 0 && (t.Minute + (t.Hour * 60)) % step == 0);
        ticks.Zip(ticks.Skip(1)).ShouldAllBe(p => p.Second - p.First == TimeSpan.FromMinutes(step));
    }

    [Fact]
    public void Segments_PointsOutOfOrderWithAGap_SortedIntoTwoRuns()
    {
        ReportPoint[] points = [new(From.AddMinutes(5), 1), new(From, 1), new(From.AddMinutes(1), 1), new(From.AddMinutes(6), 1)];

        var segments = SvgChart.Segments(points, TimeSpan.FromMinutes(1));

        segments.Select(s => s.Select(p => p.At).ToList()).ShouldBe([[From, From.AddMinutes(1)], [From.AddMinutes(5), From.AddMinutes(6)]]);
    }

    private static ReportChart Chart(params ReportSeries[] series) =>
        new("Requests per minute", "requests", From, From.AddMinutes(20), TimeSpan.FromMinutes(1), series);

    private static IEnumerable<ReportPoint> Minutes(int first, int count) =>
        Enumerable.Range(first, count).Select(i => new ReportPoint(From.AddMinutes(i), 100 + i));

    private static double X(string point) => double.Parse(point.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("<polyline [^>]*points=\"([^\"]*)\"")]
    private static partial Regex PolylinePattern();

    [GeneratedRegex("<text class=\"tick-label\"[^>]*>([^<]*)</text>")]
    private static partial Regex TickLabelPattern();

    [GeneratedRegex("<text class=\"marker-label\" x=\"[^\"]*\" y=\"([^\"]*)\"[^>]*>([^<]*)</text>")]
    private static partial Regex MarkerLabelPattern();
}
