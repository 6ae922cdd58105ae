using System.Globalization;
using System.Net;
using System.Text;
using Seamless.Api;

namespace Seamless.Host.Reports;

/// <summary>Renders a self-contained HTML report of an upgrade: timeline, metric charts, verdicts with reasons.</summary>
public static class UpgradeReport
{
    /// <summary>
    /// Renders the page. <paramref name="metrics"/> are the slots' minutes from <c>GET /api/upgrades/{id}/metrics</c>;
    /// without them the page says why (<paramref name="metricsUnavailable"/>) and still shows the rest.
    /// </summary>
    public static string Render(UpgradeView view, UpgradeMetricsView? metrics, string? metricsUnavailable = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Upgrade ").Append(E(view.Id)).Append("</title><style>")
            .Append("body{font:14px system-ui,sans-serif;margin:2rem;max-width:1100px;color:#111}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:1rem 0}")
            .Append("td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}.Pass,.Promoted,.AlreadyServing,.Ok{color:#059669}.Fail,.RolledBack,.Failed,.Block{color:#dc2626}.Marginal,.Warn,.Aborted,.Rejected{color:#d97706}.Inconclusive{color:#6b7280;font-style:italic}")
            .Append("svg.chart{background:#fafafa;border:1px solid #eee;margin:.5rem 0;max-width:100%;height:auto}.note{color:#6b7280}</style></head><body>");
        html.Append("<h1>Upgrade ").Append(E(view.Id)).Append("</h1><table>")
            .Append(Row("Site", view.Site)).Append(Row("Requested version", view.Version))
            .Append(Row("Observed builds", Observed(view.Build))).Append(Row("Status", view.Status))
            .Append("<tr><th>Outcome</th><td class=\"").Append(E(view.Outcome ?? string.Empty)).Append("\">").Append(E(view.Outcome ?? "running")).Append("</td></tr>")
            .Append(Row("Reason", view.Reason)).Append(Row("Started", view.CreatedAt.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)))
            .Append(Row("Last update", view.LastUpdatedAt.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture))).Append("</table>");

        html.Append("<h2>Metrics before, during and after</h2>");
        if (metrics is null)
        {
            html.Append("<p>Metrics were not available").Append(metricsUnavailable is null ? "." : ": " + E(metricsUnavailable)).Append("</p>");
        }
        else
        {
            html.Append("<p class=\"note\">Per minute, ")
                .Append(E(metrics.From.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append('–')
                .Append(E(metrics.To.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture)))
                .Append(" UTC, as the host read them from Azure Monitor. Vertical lines mark phase changes, canary steps and the swap.</p>");
            foreach (var slot in metrics.Slots.Where(s => s.Error is not null))
            {
                html.Append("<p>").Append(E(slot.Slot)).Append(": metrics could not be read (").Append(E(slot.Error!)).Append(").</p>");
            }

            var markers = ReportCharts.Markers(view.Timeline);
            foreach (var chart in ReportCharts.From(metrics))
            {
                html.Append("<h3>").Append(E(chart.Title)).Append("</h3>").Append(SvgChart.Render(chart, markers));
            }
        }

        html.Append("<h2>Verdicts</h2><table><tr><th>time (UTC)</th><th>phase</th><th>gate</th><th>outcome</th><th>score</th><th>reasons</th></tr>");
        foreach (var v in view.Verdicts)
        {
            html.Append("<tr><td>").Append(v.At.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(v.Phase)).Append("</td><td>").Append(E(v.Gate.ToString()))
                .Append("</td><td class=\"").Append(v.Outcome).Append("\">").Append(v.Outcome).Append("</td><td>")
                .Append(v.Score is { } s ? s.ToString("0", CultureInfo.InvariantCulture) : string.Empty).Append("</td><td>").Append(E(v.Message)).Append("</td></tr>");
        }

        html.Append("</table><h2>Timeline</h2><table><tr><th>time (UTC)</th><th>phase</th><th>event</th></tr>");
        foreach (var t in view.Timeline)
        {
            html.Append("<tr><td>").Append(t.At.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(t.Phase)).Append("</td><td>").Append(E(t.Message)).Append("</td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
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
