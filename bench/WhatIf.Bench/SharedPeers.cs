using System.Globalization;
using System.Text;
using Seamless.Core.WhatIf;

/// <summary>
/// Each peer family with one setting for every trace (<see cref="PeerTuner.TuneShared"/>), next to Seamless's one default:
/// the comparison an operator who sets a peer once faces. The setting is chosen with hindsight on one folder of traces
/// and replayed on the traces of the run (the same folder, or traces it was not chosen on).
/// </summary>
internal static class SharedPeers
{
    /// <summary>One row per trace: Seamless and each shared setting, × oracle with the overload % in brackets.</summary>
    /// <param name="chosenOn">Where the settings were chosen (a folder name, for the heading).</param>
    /// <param name="shared">The settings.</param>
    /// <param name="rows">Each trace's report (for Seamless and the oracle) and the shared settings' results on it, in the order of <paramref name="shared"/>.</param>
    /// <param name="budget">The overload budget (%).</param>
    /// <returns>The markdown section.</returns>
    public static string Markdown(string chosenOn, IReadOnlyList<SharedPeerSetting> shared, IReadOnlyList<(WhatIfReport Report, IReadOnlyList<PolicyResult> Shared)> rows, double budget)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"### One setting for every trace (overload ≤ {budget:0.###} % of minutes)");
        text.AppendLine();
        text.AppendLine(c, $"Seamless has one default; a tuned peer above has a setting of its own per trace. Here each peer family gets one setting for all the traces, chosen with hindsight on {chosenOn} (`PeerTuner.TuneShared`: the setting of its grid that keeps the budget on the most of them, then the cheapest on average). Instance-hours × oracle (overload % in brackets), the budget missed in bold.");
        text.AppendLine();
        foreach (var setting in shared)
        {
            text.AppendLine(c, $"- {Line(setting)}.");
        }

        text.AppendLine();
        text.AppendLine("| trace | seamless (default) | " + string.Join(" | ", shared.Select(s => s.Name)) + " |");
        text.AppendLine("|---|---:|" + string.Concat(shared.Select(_ => "---:|")));
        var kept = new int[shared.Count + 1];
        foreach (var (report, results) in rows)
        {
            var oracle = report[WhatIfPolicyNames.Oracle].InstanceHours;
            var minutes = report.Trace.Minutes;
            string Cell(PolicyResult p, int column)
            {
                var share = 100.0 * p.OverloadMinutes / minutes;
                var keeps = share <= budget + 1e-9;
                kept[column] += keeps ? 1 : 0;
                var cell = string.Create(c, $"{p.InstanceHours / oracle:0.000} ({share:0.000})");
                return keeps ? cell : "**" + cell + "**";
            }

            text.AppendLine(c, $"| {Path.GetFileNameWithoutExtension(report.Trace.Name)} | {Cell(report[WhatIfPolicyNames.Seamless], 0)} | {string.Join(" | ", results.Select((r, i) => Cell(r, i + 1)))} |");
        }

        text.AppendLine(c, $"| budget kept | {kept[0]} of {rows.Count} | {string.Join(" | ", kept.Skip(1).Select(k => string.Create(c, $"{k} of {rows.Count}")))} |");
        text.AppendLine();
        return text.ToString();
    }

    /// <summary>One line naming a shared setting and how many of the traces it was chosen on it keeps.</summary>
    public static string Line(SharedPeerSetting setting)
    {
        var c = CultureInfo.InvariantCulture;
        var parameters = string.Join(", ", setting.Parameters.Select(p => string.Create(c, $"{p.Key} {p.Value:0.###}")));
        return string.Create(c, $"{setting.Name}: {parameters} — of {setting.SettingsSearched} settings, keeps the budget on {setting.TracesKept} of the {setting.TracesChosenOn} traces it was chosen on, at {setting.MeanTimesOracle:0.000} × oracle on average there");
    }
}
