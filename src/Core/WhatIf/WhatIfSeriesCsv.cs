using System.Globalization;
using System.Text;

namespace Seamless.Core.WhatIf;

/// <summary>
/// Writes a <see cref="WhatIfSeries"/> as CSV, one row per minute, for plots and scripts. Columns: <c>minute</c>,
/// <c>demand_instances</c>; per policy (<c>P</c> = its name in the report) <c>P_billed</c>, <c>P_serving</c>,
/// <c>P_utilisation_pct</c>, <c>P_overloaded</c> (1 when the minute counts as overloaded); then the headroom Seamless
/// learned in force that minute: <c>seamless_learned</c> (0 while the cold-start setting serves), <c>seamless_multiplier</c>,
/// <c>seamless_hold_minutes</c>, <c>seamless_level_minutes</c>, <c>seamless_seasonal</c>, <c>seamless_seasonal_early_minutes</c>,
/// <c>seamless_budget_kept_on_history</c>, <c>seamless_burst</c>, <c>seamless_overload_pct_on_history</c>,
/// <c>seamless_overload_pct_on_same_hours</c>, <c>seamless_overload_pct_beyond_reach</c>, <c>seamless_overload_pct_seen</c>,
/// <c>seamless_minimum_to_keep_budget</c> (empty when not set: see <see cref="Seamless.Core.ScaleIn.Headroom.LearnedHeadroom"/>). Invariant culture; columns are
/// only ever added, never renamed or removed.
/// </summary>
public static class WhatIfSeriesCsv
{
    private static readonly string[] PolicyColumns = ["billed", "serving", "utilisation_pct", "overloaded"];

    private static readonly string[] LearningColumns =
    [
        "learned", "multiplier", "hold_minutes", "level_minutes", "seasonal", "seasonal_early_minutes", "budget_kept_on_history",
        "burst", "overload_pct_on_history", "overload_pct_on_same_hours", "overload_pct_beyond_reach", "overload_pct_seen",
        "minimum_to_keep_budget",
    ];

    /// <summary>Renders the series.</summary>
    /// <param name="series">The series (<see cref="WhatIfRunner.RunWithSeries"/>).</param>
    /// <returns>CSV with a header row and one row per minute.</returns>
    public static string ToCsv(WhatIfSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var text = new StringBuilder();
        var header = new List<string> { "minute", "demand_instances" };
        header.AddRange(series.Policies.SelectMany(p => PolicyColumns.Select(c => $"{p.Name}_{c}")));
        header.AddRange(LearningColumns.Select(c => $"{WhatIfPolicyNames.Seamless}_{c}"));
        text.AppendJoin(',', header).Append('\n');

        var cells = new List<string>(header.Count);
        for (var minute = 0; minute < series.Demand.Count; minute++)
        {
            cells.Clear();
            cells.Add(Number(minute));
            cells.Add(Number(series.Demand[minute], "0.####"));
            foreach (var policy in series.Policies)
            {
                cells.Add(Number(policy.Billed[minute]));
                cells.Add(Number(policy.Serving[minute]));
                cells.Add(Number(policy.Utilisation[minute] * 100, "0.##"));
                cells.Add(policy.Overloaded[minute] ? "1" : "0");
            }

            if (series.LearningAt(minute)?.Learned is { } learned)
            {
                var setting = learned.Setting;
                cells.Add(Flag(learned.Learned));
                cells.Add(Number(setting.Multiplier, "0.####"));
                cells.Add(Number(setting.HoldMinutes));
                cells.Add(Number(setting.LevelMinutes));
                cells.Add(Flag(setting.Seasonal));
                cells.Add(Number(setting.SeasonalEarlyMinutes));
                cells.Add(Flag(learned.BudgetKeptOnHistory));
                cells.Add(Number(learned.Burst, "0.####"));
                cells.Add(Optional(learned.OverloadPercentOnHistory));
                cells.Add(Optional(learned.OverloadPercentOnSameHours));
                cells.Add(Optional(learned.OverloadPercentBeyondReach));
                cells.Add(Optional(learned.OverloadPercentSeen));
                cells.Add(learned.MinimumToKeepBudget is { } minimum ? Number(minimum) : string.Empty);
            }
            else
            {
                cells.AddRange(LearningColumns.Select(_ => string.Empty));
            }

            text.AppendJoin(',', cells).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Optional(double? value) => value is { } v ? Number(v, "0.####") : string.Empty;

    private static string Flag(bool value) => value ? "1" : "0";
}
