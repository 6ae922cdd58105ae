using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seamless.Core.WhatIf;

/// <summary>
/// The price of the promise on one trace: Seamless replayed with each overload budget in turn, its policy otherwise as
/// given, next to static peak and the oracle (<see cref="WhatIfPriceList.Run"/>). The operator states the budget; this is
/// what each budget would have cost on the plan's own history, whether it was kept there, and where a burst was beyond
/// reach of any headroom, the plan minimum the learning named to keep it and what Seamless costs with that minimum.
/// </summary>
/// <param name="Trace">The trace replayed.</param>
/// <param name="CapacityModel">The capacity model (the same for every budget).</param>
/// <param name="Prices">One row per budget, smallest first.</param>
/// <param name="StaticPeak">Static peak: the peak size all the time.</param>
/// <param name="Oracle">The clairvoyant lower bound.</param>
public sealed record WhatIfPriceList(TraceSummary Trace, CapacityModel CapacityModel, IReadOnlyList<PromisePrice> Prices, PolicyResult StaticPeak, PolicyResult Oracle)
{
    /// <summary>Most budgets one list replays (each is a full replay of the trace).</summary>
    public const int MaxBudgets = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Replays Seamless on the trace once per budget.</summary>
    /// <param name="trace">The per-minute demand.</param>
    /// <param name="options">Capacity model and policy; the policy's <c>OverloadBudgetPercent</c> is replaced by each budget.</param>
    /// <param name="budgets">Overload budgets, percent of minutes, each in (0, 100); 1 to <see cref="MaxBudgets"/> of them.</param>
    /// <returns>The list, budgets smallest first (duplicates once).</returns>
    /// <exception cref="ArgumentException">A budget is out of range, there are none or too many, or the options or trace are invalid.</exception>
    public static WhatIfPriceList Run(Trace trace, WhatIfOptions options, IReadOnlyList<double> budgets)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budgets);
        var outOfRange = budgets.Where(b => !double.IsFinite(b) || b <= 0 || b >= 100).ToList();
        if (outOfRange.Count > 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"budget {outOfRange[0]} is not a share of minutes in (0, 100) percent."), nameof(budgets));
        }

        var ordered = budgets.Distinct().Order().ToList();
        if (ordered.Count is 0 or > MaxBudgets)
        {
            throw new ArgumentException($"give 1 to {MaxBudgets} budgets, not {ordered.Count}.", nameof(budgets));
        }

        WhatIfRunner.ThrowIfInvalid(options);
        // The full replay per budget, for what the learning named: the plan minimum that would have kept the budget where a
        // burst was beyond reach, and Seamless replayed with it from the start (the peers at their defaults are cheap). The
        // oracle and static peak do not depend on the budget: the first report's serve for all.
        var reports = ordered.Select(budget => (Budget: budget, Report: WhatIfRunner.Run(trace, options with { Policy = options.Policy with { OverloadBudgetPercent = budget }, Peers = WhatIfPeers.Defaults }))).ToList();
        var oracle = reports[0].Report[WhatIfPolicyNames.Oracle];
        double Percent(PolicyResult result) => 100.0 * result.OverloadMinutes / Math.Max(1, trace.Minutes);
        double? Times(PolicyResult result) => oracle.InstanceHours > 0 ? Math.Round(result.InstanceHours / oracle.InstanceHours, 4) : null;
        var prices = reports.Select(r =>
        {
            var (budget, report) = r;
            var result = report[WhatIfPolicyNames.Seamless];
            var atMinimum = report.SeamlessLearning?.AtLargestMinimum;
            return new PromisePrice(budget, Math.Round(Percent(result), 4), Percent(result) <= budget + 1e-9, Times(result), result)
            {
                Minimum = atMinimum is null ? null : report.SeamlessLearning!.LargestMinimumToKeepBudget,
                AtMinimum = atMinimum,
                AtMinimumOverloadPercent = atMinimum is null ? null : Math.Round(Percent(atMinimum), 4),
                AtMinimumTimesOracle = atMinimum is null ? null : Times(atMinimum),
            };
        }).ToList();
        return new WhatIfPriceList(
            new TraceSummary(trace.Name, trace.Minutes, trace.ResolutionMinutes, trace.Note),
            WhatIfRunner.Model(trace, options),
            prices,
            reports[0].Report[WhatIfPolicyNames.StaticPeak],
            oracle);
    }

    /// <summary>
    /// JSON: <c>{ "trace", "capacityModel", "prices": [ { "budgetPercent", "overloadPercent", "kept", "timesOracle", "result":
    /// {a policy}, "minimum", "atMinimum": {a policy} or null, "atMinimumOverloadPercent", "atMinimumTimesOracle" } ],
    /// "staticPeak": {a policy}, "oracle": {a policy} }</c> (policies as <see cref="WhatIfReportFormatter.ToJson"/>
    /// writes them). Fields are only ever added, never renamed or removed.
    /// </summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A plain-text table, one row per budget, then static peak and the oracle.</summary>
    /// <returns>The table with a header naming the trace and the capacity model.</returns>
    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var m = CapacityModel;
        var text = new StringBuilder();
        text.AppendLine(c, $"trace: {Trace.Name} ({Trace.Minutes} min; {Trace.Note})");
        text.AppendLine(c, $"capacity: C = {m.PerInstancePerMinute:0.###} per instance-minute at 100 % CPU ({m.Source}); min {m.MinInstances}, max {m.MaxInstances}, provisioning delay {m.ProvisioningDelayMinutes} min");
        text.AppendLine("the price of the promise: Seamless replayed with each overload budget (its policy otherwise as given)");
        string[] header = ["budget %", "instance-hours", "× oracle", "overload min", "overload %", "kept", "with the named minimum"];
        var rows = Prices.Select(p => new[]
        {
            p.BudgetPercent.ToString("0.###", c),
            p.Result.InstanceHours.ToString("0.0", c),
            p.TimesOracle is { } x ? x.ToString("0.000", c) : "n/a",
            p.Result.OverloadMinutes.ToString(c),
            p.OverloadPercent.ToString("0.000", c),
            p.Kept ? "yes" : "no",
            p.Minimum is { } minimum ? string.Create(c, $"min {minimum}: {p.AtMinimumTimesOracle:0.000} × at {p.AtMinimumOverloadPercent:0.000} %") : "—",
        }).Concat(new[] { StaticPeak, Oracle }.Select(p => new[]
        {
            p.Name,
            p.InstanceHours.ToString("0.0", c),
            Oracle.InstanceHours > 0 ? (p.InstanceHours / Oracle.InstanceHours).ToString("0.000", c) : "n/a",
            p.OverloadMinutes.ToString(c),
            (100.0 * p.OverloadMinutes / Math.Max(1, Trace.Minutes)).ToString("0.000", c),
            string.Empty,
            string.Empty,
        })).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine(string.Join("  ", header.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((v, i) => i == 0 ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }
}

/// <summary>What one overload budget cost on the trace.</summary>
/// <param name="BudgetPercent">The overload budget, percent of minutes.</param>
/// <param name="OverloadPercent">The minutes overloaded, percent.</param>
/// <param name="Kept">Whether the overloaded minutes stayed within the budget.</param>
/// <param name="TimesOracle">Instance-hours over the oracle's; null when the oracle used none.</param>
/// <param name="Result">Seamless's figures with that budget.</param>
public sealed record PromisePrice(double BudgetPercent, double OverloadPercent, bool Kept, double? TimesOracle, PolicyResult Result)
{
    /// <summary>
    /// Gets the largest plan minimum the hourly learnings named to have kept the budget where a burst was beyond reach of
    /// any headroom (<see cref="ScaleIn.Headroom.LearnedHeadroom.MinimumToKeepBudget"/>); null when none above the plan's
    /// own was named.
    /// </summary>
    public int? Minimum { get; init; }

    /// <summary>Gets Seamless replayed with <see cref="Minimum"/> from the start: what keeping the budget that way costs; null without one.</summary>
    public PolicyResult? AtMinimum { get; init; }

    /// <summary>Gets the minutes overloaded with <see cref="Minimum"/>, percent; null without one.</summary>
    public double? AtMinimumOverloadPercent { get; init; }

    /// <summary>Gets the instance-hours with <see cref="Minimum"/> over the oracle's; null without one.</summary>
    public double? AtMinimumTimesOracle { get; init; }
}
