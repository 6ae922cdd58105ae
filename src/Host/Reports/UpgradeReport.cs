using System.Globalization;
using System.Net;
using System.Text;
using Seamless.Api;

namespace Seamless.Host.Reports;

/// <summary>Renders a self-contained HTML report of an upgrade: timeline, metric charts, verdicts with reasons.</summary>
public static class UpgradeReport
{
    private static readonly string[] Colors = ["#2563eb", "#d97706", "#059669"];

    /// <summary>Renders the page.</summary>
    public static string Render(UpgradeView view, IReadOnlyList<ReportChart> charts)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(charts);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Upgrade ").Append(E(view.Id)).Append("</title><style>")
            .Append("body{font:14px system-ui,sans-serif;margin:2rem;max-width:1100px;color:#111}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:1rem 0}")
            .Append("td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}.Pass,.Promoted,.AlreadyServing,.Ok{color:#059669}.Fail,.RolledBack,.Failed,.Block{color:#dc2626}.Marginal,.Warn,.Aborted,.Rejected{color:#d97706}.Inconclusive{color:#6b7280;font-style:italic}")
            .Append("svg{background:#fafafa;border:1px solid #eee;margin:.5rem 0}.legend span{margin-right:1rem}</style></head><body>");
        html.Append("<h1>Upgrade ").Append(E(view.Id)).Append("</h1><table>")
            .Append(Row("Site", view.Site)).Append(Row("Requested version", view.Version))
            .Append(Row("Observed builds", Observed(view.Build))).Append(Row("Status", view.Status))
            .Append("<tr><th>Outcome</th><td class=\"").Append(E(view.Outcome ?? string.Empty)).Append("\">").Append(E(view.Outcome ?? "running")).Append("</td></tr>")
            .Append(Row("Reason", view.Reason)).Append(Row("Started", view.CreatedAt.ToString("u", CultureInfo.InvariantCulture)))
            .Append(Row("Last update", view.LastUpdatedAt.ToString("u", CultureInfo.InvariantCulture))).Append("</table>");

        html.Append("<h2>Metrics before, during and after</h2>");
        if (charts.Count == 0 || charts.All(c => c.Series.All(s => s.Points.Count == 0)))
        {
            html.Append("<p>Metrics were not available for this window.</p>");
        }

        var swap = view.Timeline.FirstOrDefault(t => t.Message.StartsWith("swapped ", StringComparison.Ordinal))?.At;
        foreach (var chart in charts)
        {
            html.Append(Svg(chart, view.CreatedAt, swap));
        }

        html.Append("<h2>Verdicts</h2><table><tr><th>time</th><th>phase</th><th>gate</th><th>outcome</th><th>score</th><th>reasons</th></tr>");
        foreach (var v in view.Verdicts)
        {
            html.Append("<tr><td>").Append(v.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(v.Phase)).Append("</td><td>").Append(E(v.Gate))
                .Append("</td><td class=\"").Append(E(v.Outcome)).Append("\">").Append(E(v.Outcome)).Append("</td><td>")
                .Append(v.Score is { } s ? s.ToString("0", CultureInfo.InvariantCulture) : string.Empty).Append("</td><td>").Append(E(v.Message)).Append("</td></tr>");
        }

        html.Append("</table><h2>Timeline</h2><table><tr><th>time</th><th>phase</th><th>event</th></tr>");
        foreach (var t in view.Timeline)
        {
            html.Append("<tr><td>").Append(t.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(t.Phase)).Append("</td><td>").Append(E(t.Message)).Append("</td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }

    private static string Svg(ReportChart chart, DateTimeOffset start, DateTimeOffset? swap)
    {
        const int W = 1000, H = 220, Pad = 40;
        var points = chart.Series.SelectMany(s => s.Points).ToList();
        var sb = new StringBuilder();
        sb.Append("<h3>").Append(E(chart.Title)).Append("</h3>");
        if (points.Count == 0)
        {
            return sb.Append("<p>No data.</p>").ToString();
        }

        var t0 = points.Min(p => p.At);
        var t1 = points.Max(p => p.At);
        double span = Math.Max(1, (t1 - t0).TotalSeconds);
        double max = Math.Max(1e-9, points.Max(p => p.Value)) * 1.1;
        double X(DateTimeOffset t) => Pad + ((t - t0).TotalSeconds / span * (W - (2 * Pad)));
        double Y(double v) => H - Pad - (v / max * (H - (2 * Pad)));
        sb.Append(CultureInfo.InvariantCulture, $"<svg width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{E(chart.Title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"14\" font-size=\"11\">{max:0.##} {E(chart.Unit)}</text><text x=\"4\" y=\"{H - Pad}\" font-size=\"11\">0</text>");
        foreach (var (at, label) in new[] { (start, "upgrade started"), (swap ?? DateTimeOffset.MinValue, "swap") })
        {
            if (at >= t0 && at <= t1)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(at):0.#}\" x2=\"{X(at):0.#}\" y1=\"{Pad / 2}\" y2=\"{H - Pad}\" stroke=\"#999\" stroke-dasharray=\"4\"/><text x=\"{X(at) + 3:0.#}\" y=\"{Pad / 2 + 10}\" font-size=\"11\">{label}</text>");
            }
        }

        for (int i = 0; i < chart.Series.Count; i++)
        {
            var series = chart.Series[i];
            string path = string.Join(' ', series.Points.OrderBy(p => p.At).Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.At):0.#},{Y(p.Value):0.#}")));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{Colors[i % Colors.Length]}\" stroke-width=\"2\" points=\"{path}\"/>");
        }

        sb.Append("</svg><div class=\"legend\">");
        for (int i = 0; i < chart.Series.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<span style=\"color:{Colors[i % Colors.Length]}\">■ {E(chart.Series[i].Name)}</span>");
        }

        return sb.Append("</div>").ToString();
    }

    private static string Row(string name, string? value) => $"<tr><th>{E(name)}</th><td>{E(value ?? string.Empty)}</td></tr>";

    private static string E(string value) => WebUtility.HtmlEncode(value);

    /// <summary>Names only what the slots were observed to run (the requested version alone is a claim).</summary>
    private static string Observed(Seamless.Core.Upgrade.BuildIdentityVerdict? build) => build switch
    {
        null => "not identified",
        { Outcome: Seamless.Core.Upgrade.BuildIdentityOutcome.NotChecked } => "not identified (Seamless:BuildIdentity:Source is None)",
        _ => string.Join("; ", new[] { build.Source, build.Target }.OfType<Seamless.Core.Upgrade.ObservedBuild>().Select(b => $"{b.Slot}: {b.Version ?? "(not set)"}")),
    };
}
