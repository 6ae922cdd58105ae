using System.Globalization;

namespace Seamless.Core.WhatIf;

/// <summary>
/// Whether Seamless kept the promise on a replay — its overload budget — and, where peers were tuned with hindsight
/// (<see cref="WhatIfPeers.Tuned"/>), how its cost compares with each at the budget they were tuned to.
/// </summary>
/// <param name="BudgetPercent">Seamless's overload budget: share of minutes users may feel (%).</param>
/// <param name="OverloadMinutes">Minutes Seamless overloaded.</param>
/// <param name="Minutes">Minutes replayed.</param>
/// <param name="TimesOracle">Seamless's instance-hours over the oracle's.</param>
/// <param name="Peers">One comparison per tuned peer, in the report's order.</param>
public sealed record WhatIfPromise(double BudgetPercent, int OverloadMinutes, int Minutes, double TimesOracle, IReadOnlyList<EqualPromiseComparison> Peers)
{
    /// <summary>Gets the share of minutes Seamless overloaded, in percent.</summary>
    public double OverloadPercent => 100.0 * OverloadMinutes / Math.Max(1, Minutes);

    /// <summary>Gets the minutes the budget allows over the replay.</summary>
    public double AllowedMinutes => BudgetPercent / 100.0 * Minutes;

    /// <summary>Gets a value indicating whether Seamless overloaded no more minutes than the budget allows.</summary>
    public bool Kept => OverloadMinutes <= AllowedMinutes + 1e-9;

    /// <summary>Gets a value indicating whether the promise was kept and no peer that keeps the same budget was cheaper.</summary>
    public bool Met => Kept && Peers.All(p => !p.AtEqualPromise || p.SeamlessNoDearer);

    /// <summary>Judges a replay.</summary>
    /// <param name="report">The replay.</param>
    /// <param name="budgetPercent">Seamless's overload budget (its policy's <c>OverloadBudgetPercent</c>).</param>
    /// <returns>The verdict.</returns>
    public static WhatIfPromise Judge(WhatIfReport report, double budgetPercent)
    {
        ArgumentNullException.ThrowIfNull(report);
        var seamless = report[WhatIfPolicyNames.Seamless];
        var oracle = report[WhatIfPolicyNames.Oracle].InstanceHours;
        double Ratio(PolicyResult p) => oracle > 0 ? p.InstanceHours / oracle : double.NaN;
        var peers = report.Tuned
            .Select(t => new EqualPromiseComparison(t.Result.Name, t.OverloadBudgetPercent, Math.Abs(t.OverloadBudgetPercent - budgetPercent) < 1e-9, t.MeetsBudget, Ratio(t.Result), seamless.InstanceHours <= t.Result.InstanceHours))
            .ToList();
        return new WhatIfPromise(budgetPercent, seamless.OverloadMinutes, report.Trace.Minutes, Ratio(seamless), peers);
    }

    /// <summary>One line for the table: the promise kept or missed, then each tuned peer's comparison.</summary>
    /// <returns>The line, "seamless " and <see cref="Describe"/>.</returns>
    public string ToLine() => "seamless " + Describe();

    /// <summary>The verdict in words: the promise kept or missed, then each tuned peer's comparison.</summary>
    /// <returns>The words, starting "promise: ".</returns>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        var line = string.Create(c, $"promise: {(Kept ? "kept" : "MISSED")} — {OverloadMinutes} of {Minutes} minutes overloaded ({OverloadPercent:0.000} %), the budget {BudgetPercent:0.###} % allows {AllowedMinutes:0.#}");
        if (Peers.Count == 0)
        {
            return line;
        }

        var parts = Peers.Select(p => p switch
        {
            { AtEqualPromise: false } => string.Create(c, $"{p.Name} was tuned to {p.BudgetPercent:0.###} %, not to Seamless's budget"),
            { PeerKeepsBudget: false } => string.Create(c, $"no {p.Name} setting keeps the budget"),
            { SeamlessNoDearer: true } => string.Create(c, $"no dearer than {p.Name} ({TimesOracle:0.000} against {p.PeerTimesOracle:0.000} × oracle)"),
            _ => string.Create(c, $"DEARER than {p.Name} ({TimesOracle:0.000} against {p.PeerTimesOracle:0.000} × oracle)"),
        });
        return line + "; at equal promise: " + string.Join(", ", parts);
    }
}

/// <summary>Seamless against one peer tuned with hindsight.</summary>
/// <param name="Name">The tuned peer's name, e.g. <c>hpa-tuned</c>.</param>
/// <param name="BudgetPercent">The budget the peer was tuned to (%).</param>
/// <param name="AtEqualPromise">Whether that is Seamless's budget.</param>
/// <param name="PeerKeepsBudget">Whether a setting of the peer's grid keeps that budget.</param>
/// <param name="PeerTimesOracle">The peer's instance-hours over the oracle's.</param>
/// <param name="SeamlessInstanceHoursNoMore">Whether Seamless used no more instance-hours than the peer.</param>
public sealed record EqualPromiseComparison(string Name, double BudgetPercent, bool AtEqualPromise, bool PeerKeepsBudget, double PeerTimesOracle, bool SeamlessInstanceHoursNoMore)
{
    /// <summary>Gets a value indicating whether Seamless is no dearer: the peer keeps no setting within the budget, or costs at least as much.</summary>
    public bool SeamlessNoDearer => !PeerKeepsBudget || SeamlessInstanceHoursNoMore;
}
