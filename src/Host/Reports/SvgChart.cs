using System.Globalization;
using System.Net;
using System.Text;

namespace Seamless.Host.Reports;

/// <summary>
/// Draws one <see cref="ReportChart"/> as inline SVG: a time axis with labelled UTC ticks, a value axis, one line per
/// series broken wherever a point is missing (a gap is drawn as a gap, never bridged), vertical markers with their
/// labels, and a legend.
/// </summary>
public static class SvgChart
{
    /// <summary>Width of the drawing.</summary>
    public const int Width = 1000;

    private const int PlotHeight = 170;
    private const int Left = 64;
    private const int Right = 16;
    private const int LabelRowHeight = 12;
    private const int MaxLabelRows = 6;
    private const double CharWidth = 6.8;

    private static readonly string[] SeriesColors = ["#2563eb", "#d97706", "#059669", "#9333ea"];

    // Candidate tick spacings; the smallest that gives at most MaxTicks ticks is used.
    private static readonly int[] TickMinutes = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440];

    private const int MaxTicks = 8;

    /// <summary>Renders the chart with <paramref name="markers"/> (those outside the time axis are left out).</summary>
    public static string Render(ReportChart chart, IReadOnlyList<ReportMarker> markers)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(markers);
        var from = chart.From.ToUniversalTime();
        var to = chart.To > chart.From ? chart.To.ToUniversalTime() : from + TimeSpan.FromMinutes(1);
        double span = (to - from).TotalSeconds;
        double X(DateTimeOffset t) => Left + ((t - from).TotalSeconds / span * (Width - Left - Right));

        var shown = markers.Where(m => m.At >= from && m.At <= to).OrderBy(m => m.At).ToList();
        var labels = Labels(shown, X);
        var rows = LabelRows(labels);
        int top = 8 + (Math.Max(1, rows.Count == 0 ? 1 : rows.Max() + 1) * LabelRowHeight);
        int plotBottom = top + PlotHeight;
        int height = plotBottom + 80;
        double max = NiceMax(chart.Series.SelectMany(s => s.Points).Select(p => p.Value).DefaultIfEmpty(0).Max());
        double Y(double v) => plotBottom - (v / max * PlotHeight);

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg class=\"chart\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{E(chart.Title)}\" font-family=\"system-ui,sans-serif\" font-size=\"11\">"));
        svg.Append(Inv($"<title>{E(chart.Title)} ({E(chart.Unit)}), {from:yyyy-MM-dd HH:mm}–{to:HH:mm} UTC</title>"));

        // Value axis: gridlines at quarters of a rounded maximum.
        svg.Append("<g class=\"y-axis\">");
        for (int i = 0; i <= 4; i++)
        {
            double v = max * i / 4;
            svg.Append(Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\" stroke=\"#e5e7eb\"/>"))
                .Append(Inv($"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:0.##}</text>"));
        }

        svg.Append(Inv($"<text x=\"4\" y=\"{top - 12}\" fill=\"#6b7280\">{E(chart.Unit)}</text></g>"));

        // Time axis: ticks on whole UTC minutes, labelled HH:mm.
        svg.Append("<g class=\"x-axis\">").Append(Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{plotBottom}\" y2=\"{plotBottom}\" stroke=\"#6b7280\"/>"));
        foreach (var tick in Ticks(from, to))
        {
            svg.Append(Inv($"<line class=\"tick\" x1=\"{X(tick):0.#}\" x2=\"{X(tick):0.#}\" y1=\"{plotBottom}\" y2=\"{plotBottom + 5}\" stroke=\"#6b7280\"/>"))
                .Append(Inv($"<text class=\"tick-label\" x=\"{X(tick):0.#}\" y=\"{plotBottom + 17}\" text-anchor=\"middle\">{tick:HH:mm}</text>"));
        }

        svg.Append(Inv($"<text x=\"{Width - Right}\" y=\"{plotBottom + 31}\" text-anchor=\"end\" fill=\"#6b7280\">time (UTC)</text></g>"));

        // Marker lines under the series; their labels above the plot, in as many rows as they need not to overlap.
        // Markers of one kind at the same spot (phases a second apart) share one label.
        svg.Append("<g class=\"markers\">");
        foreach (var marker in shown)
        {
            var (stroke, dash, widthPx) = Style(marker.Kind);
            double x = X(marker.At);
            svg.Append(Inv($"<g class=\"marker {marker.Kind.ToString().ToLowerInvariant()}\"><title>{marker.At.ToUniversalTime():HH:mm:ss} UTC — {E(marker.Label)}</title>"))
                .Append(Inv($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{top - 8}\" y2=\"{plotBottom}\" stroke=\"{stroke}\" stroke-width=\"{widthPx}\"{dash}/></g>"));
        }

        for (int i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            var (stroke, _, _) = Style(label.Kind);
            int labelY = 8 + ((rows[i] + 1) * LabelRowHeight) - 2;
            bool flip = FlipsLeft(label.X, label.Text);
            svg.Append(Inv($"<text class=\"marker-label\" x=\"{(flip ? label.X - 2 : label.X + 2):0.#}\" y=\"{labelY}\" fill=\"{stroke}\"{(flip ? " text-anchor=\"end\"" : string.Empty)}>{E(label.Text)}</text>"));
        }

        svg.Append("</g>");

        // One polyline per unbroken run of points; a lone point between gaps is a dot.
        for (int i = 0; i < chart.Series.Count; i++)
        {
            string color = SeriesColors[i % SeriesColors.Length];
            svg.Append(Inv($"<g class=\"series\" data-series=\"{E(chart.Series[i].Name)}\">"));
            foreach (var segment in Segments(chart.Series[i].Points, chart.Grain))
            {
                if (segment.Count == 1)
                {
                    svg.Append(Inv($"<circle cx=\"{X(segment[0].At):0.#}\" cy=\"{Y(segment[0].Value):0.#}\" r=\"2.5\" fill=\"{color}\"/>"));
                }
                else
                {
                    string points = string.Join(' ', segment.Select(p => Inv($"{X(p.At):0.#},{Y(p.Value):0.#}")));
                    svg.Append(Inv($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>"));
                }
            }

            svg.Append("</g>");
        }

        if (chart.Series.All(s => s.Points.Count == 0))
        {
            svg.Append(Inv($"<text x=\"{Width / 2}\" y=\"{top + (PlotHeight / 2)}\" text-anchor=\"middle\" fill=\"#6b7280\">no data in this window</text>"));
        }

        // Legend: the series, then the kinds of marker.
        svg.Append("<g class=\"legend\">");
        double lx = Left;
        int ly = plotBottom + 50;
        for (int i = 0; i < chart.Series.Count; i++)
        {
            string color = SeriesColors[i % SeriesColors.Length];
            svg.Append(Inv($"<line x1=\"{lx:0.#}\" x2=\"{lx + 18:0.#}\" y1=\"{ly - 4}\" y2=\"{ly - 4}\" stroke=\"{color}\" stroke-width=\"2\"/><text x=\"{lx + 22:0.#}\" y=\"{ly}\">{E(chart.Series[i].Name)}</text>"));
            lx += 40 + (chart.Series[i].Name.Length * CharWidth);
        }

        foreach (var (kind, text) in new[] { (ReportMarkerKind.Phase, "phase change"), (ReportMarkerKind.Canary, "canary share"), (ReportMarkerKind.Swap, "swap") })
        {
            var (stroke, dash, widthPx) = Style(kind);
            svg.Append(Inv($"<line x1=\"{lx:0.#}\" x2=\"{lx + 18:0.#}\" y1=\"{ly - 4}\" y2=\"{ly - 4}\" stroke=\"{stroke}\" stroke-width=\"{widthPx}\"{dash}/><text x=\"{lx + 22:0.#}\" y=\"{ly}\">{text}</text>"));
            lx += 40 + (text.Length * CharWidth);
        }

        svg.Append(Inv($"<text x=\"{Left}\" y=\"{ly + 16}\" fill=\"#6b7280\">A break in a line is a minute without data; points are minutes (UTC).</text>"));
        return svg.Append("</g></svg>").ToString();
    }

    /// <summary>
    /// Splits points (in any order) into runs where consecutive points are at most one <paramref name="grain"/> apart
    /// (with slack for jitter): a missing point ends one run and the next point starts another.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<ReportPoint>> Segments(IReadOnlyList<ReportPoint> points, TimeSpan grain)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(grain, TimeSpan.Zero);
        var segments = new List<IReadOnlyList<ReportPoint>>();
        List<ReportPoint>? current = null;
        foreach (var point in points.OrderBy(p => p.At))
        {
            if (current is null || point.At - current[^1].At > grain * 1.5)
            {
                current = [];
                segments.Add(current);
            }

            current.Add(point);
        }

        return segments;
    }

    /// <summary>Tick times on whole UTC minutes, aligned to a multiple of the chosen spacing, within [from, to].</summary>
    public static IReadOnlyList<DateTimeOffset> Ticks(DateTimeOffset from, DateTimeOffset to)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        double minutes = Math.Max(1, (to - from).TotalMinutes);
        int step = TickMinutes.FirstOrDefault(s => minutes / s <= MaxTicks, TickMinutes[^1]);
        var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero);
        double first = Math.Ceiling((from.UtcDateTime - day.UtcDateTime).TotalMinutes / step) * step;
        var ticks = new List<DateTimeOffset>();
        for (var t = day.AddMinutes(first); t <= to; t = t.AddMinutes(step))
        {
            ticks.Add(t);
        }

        return ticks;
    }

    /// <summary>One label per run of markers of one kind closer than a few pixels, their texts joined.</summary>
    private static List<MarkerLabel> Labels(List<ReportMarker> markers, Func<DateTimeOffset, double> x)
    {
        var labels = new List<MarkerLabel>();
        foreach (var marker in markers)
        {
            double at = x(marker.At);
            if (labels.Count > 0 && labels[^1].Kind == marker.Kind && at - labels[^1].LastX <= 2)
            {
                labels[^1] = labels[^1] with { Text = labels[^1].Text + " · " + marker.Label, LastX = at };
            }
            else
            {
                labels.Add(new MarkerLabel(at, at, marker.Kind, marker.Label));
            }
        }

        return labels;
    }

    /// <summary>Assigns each label a row so labels in one row do not overlap (the last row takes the rest).</summary>
    private static List<int> LabelRows(List<MarkerLabel> labels)
    {
        var rowEnds = new double[MaxLabelRows];
        Array.Fill(rowEnds, double.NegativeInfinity);
        var rows = new List<int>(labels.Count);
        foreach (var label in labels)
        {
            double width = LabelWidth(label.Text);
            double start = FlipsLeft(label.X, label.Text) ? label.X - width : label.X;
            int row = Array.FindIndex(rowEnds, end => end + 6 <= start);
            if (row < 0)
            {
                row = Array.IndexOf(rowEnds, rowEnds.Min());
            }

            rowEnds[row] = Math.Max(label.X, start + width);
            rows.Add(row);
        }

        return rows;
    }

    private static double LabelWidth(string label) => 2 + (label.Length * CharWidth);

    // A label that would run off the right edge is drawn to the left of its line.
    private static bool FlipsLeft(double x, string label) => x + LabelWidth(label) > Width - 2;

    private static (string Stroke, string Dash, int Width) Style(ReportMarkerKind kind) => kind switch
    {
        ReportMarkerKind.Swap => ("#dc2626", string.Empty, 2),
        ReportMarkerKind.Canary => ("#7c3aed", " stroke-dasharray=\"2 3\"", 1),
        _ => ("#6b7280", " stroke-dasharray=\"4 3\"", 1),
    };

    /// <summary>A rounded axis maximum at or above the largest value (1 when there is nothing above zero).</summary>
    private static double NiceMax(double value)
    {
        if (value <= 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double factor in new[] { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
        {
            if (factor * magnitude >= value)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private sealed record MarkerLabel(double X, double LastX, ReportMarkerKind Kind, string Text);
}
