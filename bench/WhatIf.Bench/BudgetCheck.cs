using System.Globalization;
using System.Text;
using Seamless.Core.WhatIf;

/// <summary>Seamless's budget on a set of replays (variants, shapes): the markdown table and the kept count.</summary>
internal static class BudgetCheck
{
    /// <summary>The share of minutes a policy overloaded, in percent.</summary>
    public static double OverloadPercent(WhatIfReport report, string policy = WhatIfPolicyNames.Seamless) =>
        100.0 * report[policy].OverloadMinutes / report.Trace.Minutes;

    /// <summary>Whether Seamless kept the budget on the replay.</summary>
    public static bool Kept(WhatIfReport report, double budget) => OverloadPercent(report) <= budget + 1e-9;

    /// <summary>
    /// One row per replay: Seamless's overload and instance-hours × oracle, then each peer's overload (× oracle), then
    /// the verdict.
    /// </summary>
    public static string Markdown(string kind, IReadOnlyList<WhatIfReport> reports, double budget, params string[] peers)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"| {kind} | seamless overload % | seamless × oracle |");
        text.AppendLine(string.Concat(peers.Select(p => $" {p} overload % (× oracle) |")) + " budget |");
        text.AppendLine("|---|---:|---:|" + string.Concat(peers.Select(_ => "---:|")) + "---|");
        foreach (var report in reports)
        {
            var oracle = report[WhatIfPolicyNames.Oracle].InstanceHours;
            text.Append(c, $"| {report.Trace.Name} | {OverloadPercent(report):0.000} | {report[WhatIfPolicyNames.Seamless].InstanceHours / oracle:0.000} |");
            foreach (var peer in peers)
            {
                text.Append(c, $" {OverloadPercent(report, peer):0.000} ({report[peer].InstanceHours / oracle:0.000}) |");
            }

            text.AppendLine(Kept(report, budget) ? " kept |" : " **missed** |");
        }

        return text.ToString();
    }

    /// <summary>Prints the table and the kept count; returns the exit code (0 when every replay kept the budget).</summary>
    public static int Report(string kind, string plural, IReadOnlyList<WhatIfReport> reports, double budget, params string[] peers)
    {
        Console.WriteLine(Markdown(kind, reports, budget, peers));
        var kept = reports.Count(r => Kept(r, budget));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"budget ({budget:0.###} %) kept on {kept} of {reports.Count} {plural}."));
        return kept == reports.Count ? 0 : 1;
    }
}
