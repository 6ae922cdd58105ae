using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seamless.Core.WhatIf;

/// <summary>Renders a <see cref="WhatIfReport"/> as stable JSON (for scripts) or a plain-text table (for people).</summary>
public static class WhatIfReportFormatter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// JSON: <c>{ "trace": {name, minutes, resolutionMinutes, note}, "capacityModel": {...}, "policies": [ { "name",
    /// "instanceHours", "overloadMinutes", "hotMinutes", "p95Utilisation", "scaleActions", "flaps", "elasticity": {
    /// accuracyUnderPercent, accuracyOverPercent, timeshareUnderPercent, timeshareOverPercent, instabilityPercent,
    /// jitterPerHour } } ], "tuned": [ { "family", "overloadBudgetPercent", "meetsBudget", "settingsSearched",
    /// "parameters": {name: value}, "result": {a policy} } ], "seamlessLearning": { "learnings", "coldStart",
    /// "budgetMissedOnHistory", "beyondReach", "largestMinimumToKeepBudget", "beyondEveryMinimum", "atLargestMinimum": {a
    /// policy} or null } or null, "online": [ { "family", "overloadBudgetPercent", "meetsBudget", "settingsSearched",
    /// "retuneMinutes", "retunings", "settings": [ { "fromMinute", "parameters": {name: value} } ], "result": {a policy} }
    /// ] }</c>. Fields are only ever added, never renamed or removed.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON.</returns>
    public static string ToJson(WhatIfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Json);
    }

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The report.</returns>
    public static WhatIfReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<WhatIfReport>(json, Json) ?? throw new JsonException("The report JSON is null.");
    }

    /// <summary>A plain-text table, one row per policy, with instance-hours relative to the oracle.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The table with a short header naming the trace and the capacity model.</returns>
    public static string ToTable(WhatIfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        var m = report.CapacityModel;
        var oracle = report.Policies.FirstOrDefault(p => p.Name == WhatIfPolicyNames.Oracle)?.InstanceHours;
        var text = new StringBuilder();
        text.AppendLine(c, $"trace: {report.Trace.Name} ({report.Trace.Minutes} min; {report.Trace.Note})");
        text.AppendLine(c, $"capacity: C = {m.PerInstancePerMinute:0.###} per instance-minute at 100 % CPU ({m.Source}); peak {m.PeakDemand:0.###} = {m.PeakInstances} instances; min {m.MinInstances}, max {m.MaxInstances}, start {m.StartInstances}, provisioning delay {m.ProvisioningDelayMinutes} min");

        string[] header = ["policy", "instance-hours", "× oracle", "overload min", "overload %", "hot min", "p95 util %", "scale actions", "flaps", "θU %", "θO %", "τU %", "τO %", "υ %", "jitter/h"];
        var rows = report.Policies.Concat(report.Tuned.Select(t => t.Result)).Concat(report.Online.Select(o => o.Result)).Select(p => new[]
        {
            p.Name,
            p.InstanceHours.ToString("0.0", c),
            oracle is > 0 ? (p.InstanceHours / oracle.Value).ToString("0.000", c) : "n/a",
            p.OverloadMinutes.ToString(c),
            (100.0 * p.OverloadMinutes / Math.Max(1, report.Trace.Minutes)).ToString("0.000", c),
            p.HotMinutes.ToString(c),
            p.P95Utilisation.ToString("0.0", c),
            p.ScaleActions.ToString(c),
            p.Flaps.ToString(c),
            Elastic(p.Elasticity?.AccuracyUnderPercent),
            Elastic(p.Elasticity?.AccuracyOverPercent),
            Elastic(p.Elasticity?.TimeshareUnderPercent),
            Elastic(p.Elasticity?.TimeshareOverPercent),
            Elastic(p.Elasticity?.InstabilityPercent),
            Elastic(p.Elasticity?.JitterPerHour),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine(string.Join("  ", header.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((v, i) => i == 0 ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))).TrimEnd());
        }

        foreach (var tuned in report.Tuned)
        {
            text.AppendLine(TunedLine(tuned, report.Trace.Minutes));
        }

        foreach (var online in report.Online)
        {
            text.AppendLine(OnlineLine(online, report.Trace.Minutes));
        }

        if (report.SeamlessLearning is { } learning)
        {
            text.AppendLine(LearningLine(learning, report));
        }

        if (report.Policies.Any(p => p.Elasticity is not null))
        {
            text.AppendLine("elasticity (SPEC RG): demand = the oracle's instances, supply = serving instances; θ accuracy and τ timeshare under/over-provisioned, υ instability, jitter = supply minus demand adaptations per hour.");
        }

        return text.ToString();
    }

    /// <summary>One line naming a tuned peer's chosen setting, or saying that none kept the budget.</summary>
    /// <param name="tuned">The tuned peer.</param>
    /// <param name="minutes">The trace's minutes (for the overload share).</param>
    /// <returns>The line.</returns>
    public static string TunedLine(TunedPolicy tuned, int minutes)
    {
        ArgumentNullException.ThrowIfNull(tuned);
        var c = CultureInfo.InvariantCulture;
        var settings = string.Join(", ", tuned.Parameters.Select(p => string.Create(c, $"{p.Key} {p.Value:0.###}")));
        var share = 100.0 * tuned.Result.OverloadMinutes / Math.Max(1, minutes);
        return tuned.MeetsBudget
            ? string.Create(c, $"{tuned.Result.Name}: cheapest of {tuned.SettingsSearched} settings with overload ≤ {tuned.OverloadBudgetPercent:0.###} % of minutes: {settings}")
            : string.Create(c, $"{tuned.Result.Name}: none of {tuned.SettingsSearched} settings meets the budget (overload ≤ {tuned.OverloadBudgetPercent:0.###} % of minutes); least overload: {share:0.000} % with {settings}");
    }

    /// <summary>One line saying how an online-tuned peer was re-tuned, the setting it ended on and whether it kept the budget.</summary>
    /// <param name="online">The online-tuned peer.</param>
    /// <param name="minutes">The trace's minutes (for the overload share).</param>
    /// <returns>The line.</returns>
    public static string OnlineLine(OnlineTunedPolicy online, int minutes)
    {
        ArgumentNullException.ThrowIfNull(online);
        var c = CultureInfo.InvariantCulture;
        var last = online.Settings[^1];
        var settings = string.Join(", ", last.Parameters.Select(p => string.Create(c, $"{p.Key} {p.Value:0.###}")));
        var share = 100.0 * online.Result.OverloadMinutes / Math.Max(1, minutes);
        var budget = online.MeetsBudget
            ? string.Create(c, $"kept the budget ({share:0.000} % ≤ {online.OverloadBudgetPercent:0.###} % of minutes)")
            : string.Create(c, $"missed the budget ({share:0.000} % > {online.OverloadBudgetPercent:0.###} % of minutes)");
        return string.Create(c, $"{online.Result.Name}: from its default, re-tuned {online.Retunings} time(s), every {online.RetuneMinutes} min, to the cheapest of {online.SettingsSearched} settings that kept the budget on the demand seen so far; {online.Settings.Count} setting(s) served, the last from minute {last.FromMinute}: {settings}; {budget}");
    }

    /// <summary>One line saying what Seamless's hourly learnings said: how many kept the budget on their history, and where a burst was beyond reach, the plan minimum that would have kept it.</summary>
    /// <param name="learning">The summary.</param>
    /// <param name="report">The report it belongs to (for the replay with the named minimum: its share of overloaded minutes and × oracle); without it that part is left out.</param>
    /// <returns>The line.</returns>
    public static string LearningLine(SeamlessLearningSummary learning, WhatIfReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(learning);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder(string.Create(c, $"seamless learning: {learning.Learnings} hourly learnings ({learning.ColdStart} on the cold start); {learning.Learnings - learning.BudgetMissedOnHistory} kept the budget on their history"));
        if (learning.BeyondReach > 0)
        {
            text.Append(c, $"; a burst beyond reach in {learning.BeyondReach}");
            var named = learning.BeyondReach - learning.BeyondEveryMinimum;
            if (named > 0 && report is not null && learning.LargestMinimumToKeepBudget <= report.CapacityModel.MinInstances)
            {
                text.Append(c, $": the plan's own minimum ({report.CapacityModel.MinInstances}) kept the budget on the history in {named} of them");
            }
            else if (named > 0)
            {
                text.Append(c, $": a plan minimum of up to {learning.LargestMinimumToKeepBudget} instances would have kept the budget in {named} of them");
            }

            if (learning.BeyondEveryMinimum > 0)
            {
                text.Append(c, $"{(named > 0 ? "," : ":")} in {learning.BeyondEveryMinimum} not even the plan's maximum would have");
            }
        }

        if (learning.AtLargestMinimum is { } raised && report is not null)
        {
            var oracle = report.Policies.FirstOrDefault(p => p.Name == WhatIfPolicyNames.Oracle)?.InstanceHours;
            text.Append(c, $"; replayed with that minimum from the start ({raised.Name}): {raised.InstanceHours:0.0} instance-hours");
            if (oracle is > 0)
            {
                text.Append(c, $" ({raised.InstanceHours / oracle.Value:0.000} × oracle)");
            }

            text.Append(c, $" at {100.0 * raised.OverloadMinutes / Math.Max(1, report.Trace.Minutes):0.000} % overload");
        }

        return text.ToString();
    }

    private static string Elastic(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
