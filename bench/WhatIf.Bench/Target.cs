global using FrontierBest = (double TimesOracle, double OverloadPercent, string Settings);
using System.Globalization;
using System.Text;
using Seamless.Core.WhatIf;

/// <summary>
/// Issue 15's targets on one trace, and the markdown rendering of one trace. Always judged: Seamless keeps the overload
/// budget. Judged when the run replays them: no more instance-hours than each hindsight-tuned peer that keeps the same
/// budget (<c>--peers tuned</c> or <c>online</c>), and at most 1.05 × the frontier's best online policy within the budget at
/// the run's delay (<c>--frontier</c> or <c>--write-docs</c>). Issue 6's older target (dominate Azure autoscale at its
/// defaults, ≤ 1.20 × the oracle) is reported beside them and decides nothing.
/// </summary>
internal static class Target
{
    public const double MaxOracleRatio = 1.20;
    public const double FrontierFactor = 1.05;

    /// <summary>Judges one trace on the targets its run can judge.</summary>
    /// <param name="report">The trace's replay.</param>
    /// <param name="budget">Seamless's overload budget, % of minutes: the promise its policy states.</param>
    /// <param name="frontier">The frontier families' best online policies within that budget at the run's delay (null
    /// for a family none of whose settings keeps it); null when the run did not replay the frontier.</param>
    public static Verdict Check(WhatIfReport report, double budget, IReadOnlyList<FrontierBest?>? frontier = null)
    {
        var c = CultureInfo.InvariantCulture;
        var promise = WhatIfPromise.Judge(report, budget);
        var met = promise.Met;
        var detail = promise.Describe();
        if (frontier is not null && frontier.All(b => b is null))
        {
            detail += "; no frontier policy keeps the budget";
        }
        else if (frontier is not null)
        {
            var best = frontier.Where(b => b is not null).Min(b => b!.Value.TimesOracle);
            var within = promise.TimesOracle <= FrontierFactor * best + 1e-9;
            met &= within;
            detail += string.Create(c, $"; {(within ? "within" : "NOT within")} {FrontierFactor:0.00} × the frontier ({promise.TimesOracle:0.000} against {FrontierFactor:0.00} × {best:0.000} = {FrontierFactor * best:0.000} × oracle)");
        }

        return new Verdict(met, detail, Older(report));
    }

    // Issue 6's target, kept for comparison with the earlier figures: dominate Azure autoscale at its documented defaults,
    // within 0.1 % of minutes overloaded and 1.20 × the oracle.
    private static string Older(WhatIfReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var s = report[WhatIfPolicyNames.Seamless];
        var a = report[WhatIfPolicyNames.AzureAutoscale];
        var o = report[WhatIfPolicyNames.Oracle];
        var dominates = s.InstanceHours <= a.InstanceHours && s.OverloadMinutes <= a.OverloadMinutes
            && (s.InstanceHours < a.InstanceHours || s.OverloadMinutes < a.OverloadMinutes);
        var share = (double)s.OverloadMinutes / report.Trace.Minutes;
        var ratio = s.InstanceHours / o.InstanceHours;
        var met = dominates && share <= 0.001 && ratio <= MaxOracleRatio;
        return string.Create(c, $"{(met ? "met" : "missed")} — dominates azure-autoscale at its defaults: {(dominates ? "yes" : "no")} (IH {s.InstanceHours:0.0} vs {a.InstanceHours:0.0}, overload {s.OverloadMinutes} vs {a.OverloadMinutes}); overload {share:P3} (≤ 0.1 %); IH {ratio:0.000} × oracle (≤ 1.20)");
    }

    public static string EqualPromise(
        IReadOnlyList<(WhatIfReport Report, FrontierBest? Reactive, FrontierBest? Forecast)> rows,
        double budget)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"### At equal promise (overload ≤ {budget:0.###} % of minutes)");
        text.AppendLine();
        text.AppendLine("Instance-hours × oracle (overload % in brackets). Tuned = the cheapest setting of the family's grid that keeps the budget, chosen with hindsight on that trace (`PeerTuner`); online = the family re-tuned at the end of every day to the cheapest setting that kept the budget on the demand seen so far, from its default (`OnlineTunedPolicy`: what an operator could have had); frontier = the best online policy of `--frontier` at the same delay. Budget missed in bold.");
        text.AppendLine();
        text.AppendLine("| trace | seamless (default) | azure-autoscale default | azure-autoscale tuned | azure-autoscale online | hpa default | hpa tuned | hpa online | frontier reactive / forecast |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var verdicts = new List<string>();
        foreach (var (report, reactive, forecast) in rows)
        {
            var oracle = report[WhatIfPolicyNames.Oracle].InstanceHours;
            var minutes = report.Trace.Minutes;
            string Cell(PolicyResult p) => 100.0 * p.OverloadMinutes / minutes <= budget + 1e-9
                ? string.Create(c, $"{p.InstanceHours / oracle:0.000} ({100.0 * p.OverloadMinutes / minutes:0.000})")
                : string.Create(c, $"**{p.InstanceHours / oracle:0.000} ({100.0 * p.OverloadMinutes / minutes:0.000})**");
            string Tuned(TunedPolicy t) => Cell(t.Result) + (t.MeetsBudget ? string.Empty : " none meets");
            string Best(FrontierBest? b) => b is { } v ? string.Create(c, $"{v.TimesOracle:0.000}") : "none";
            var name = Path.GetFileNameWithoutExtension(report.Trace.Name);
            var seamless = report[WhatIfPolicyNames.Seamless];
            var azure = report.Tuned.Single(t => t.Family == WhatIfPolicyNames.AzureAutoscale);
            var hpa = report.Tuned.Single(t => t.Family == WhatIfPolicyNames.Hpa);
            var azureOnline = report.Online.Single(o => o.Family == WhatIfPolicyNames.AzureAutoscale);
            var hpaOnline = report.Online.Single(o => o.Family == WhatIfPolicyNames.Hpa);
            text.AppendLine(c, $"| {name} | {Cell(seamless)} | {Cell(report[WhatIfPolicyNames.AzureAutoscale])} | {Tuned(azure)} | {Cell(azureOnline.Result)} | {Cell(report[WhatIfPolicyNames.Hpa])} | {Tuned(hpa)} | {Cell(hpaOnline.Result)} | {Best(reactive)} / {Best(forecast)} |");
            var promise = WhatIfPromise.Judge(report, budget);
            var beatenBy = promise.Peers.Where(p => p.AtEqualPromise && !p.SeamlessNoDearer).Select(p => p.Name).ToList();
            var beatenOnline = report.Online.Where(o => o.MeetsBudget && o.Result.InstanceHours < seamless.InstanceHours).Select(o => o.Result.Name).ToList();
            var onlineMissed = report.Online.Where(o => !o.MeetsBudget).Select(o => o.Result.Name).ToList();
            verdicts.Add(string.Create(c, $"{name}: seamless {(promise.Kept ? "keeps" : "misses")} the budget; {(beatenBy.Count == 0 ? "no tuned peer that keeps the budget is cheaper" : "cheaper at the budget with hindsight: " + string.Join(", ", beatenBy))}; {(beatenOnline.Count == 0 ? "no online-tuned peer that keeps the budget is cheaper" : "cheaper at the budget online: " + string.Join(", ", beatenOnline))}{(onlineMissed.Count == 0 ? string.Empty : "; missing the budget online: " + string.Join(", ", onlineMissed))}"));
        }

        text.AppendLine();
        text.AppendLine("Per trace (generated): " + string.Join("; ", verdicts) + ".");
        text.AppendLine();
        return text.ToString();
    }

    public static string Markdown(WhatIfReport report, Verdict verdict)
    {
        var c = CultureInfo.InvariantCulture;
        var m = report.CapacityModel;
        var oracle = report[WhatIfPolicyNames.Oracle].InstanceHours;
        var text = new StringBuilder();
        text.AppendLine(c, $"### `{report.Trace.Name}`");
        text.AppendLine();
        text.AppendLine(c, $"{report.Trace.Minutes:N0} minutes; {report.Trace.Note} C = {m.PerInstancePerMinute:0.###}/instance-minute ({m.Source}); peak = {m.PeakInstances} instances.");
        text.AppendLine();
        text.AppendLine("| policy | instance-hours | × oracle | overload min | overload % | hot min | p95 util % | scale actions | flaps | θU % | θO % | τU % | τO % | υ % | jitter/h |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in report.Policies.Concat(report.Tuned.Select(t => t.Result)).Concat(report.Online.Select(o => o.Result)))
        {
            var name = p.Name == WhatIfPolicyNames.Seamless ? "**seamless**" : p.Name;
            var e = p.Elasticity;
            text.AppendLine(c, $"| {name} | {p.InstanceHours:0.0} | {p.InstanceHours / oracle:0.000} | {p.OverloadMinutes} | {100.0 * p.OverloadMinutes / report.Trace.Minutes:0.000} | {p.HotMinutes} | {p.P95Utilisation:0.0} | {p.ScaleActions} | {p.Flaps} | {e?.AccuracyUnderPercent:0.00} | {e?.AccuracyOverPercent:0.00} | {e?.TimeshareUnderPercent:0.00} | {e?.TimeshareOverPercent:0.00} | {e?.InstabilityPercent:0.00} | {e?.JitterPerHour:0.00} |");
        }

        text.AppendLine();
        foreach (var tuned in report.Tuned)
        {
            text.AppendLine(c, $"- {WhatIfReportFormatter.TunedLine(tuned, report.Trace.Minutes)}.");
        }

        foreach (var online in report.Online)
        {
            text.AppendLine(c, $"- {WhatIfReportFormatter.OnlineLine(online, report.Trace.Minutes)}.");
        }

        if (report.SeamlessLearning is { } learning)
        {
            text.AppendLine(c, $"- {WhatIfReportFormatter.LearningLine(learning, report)}.");
        }

        if (report.Tuned.Count > 0 || report.Online.Count > 0 || report.SeamlessLearning is not null)
        {
            text.AppendLine();
        }

        text.AppendLine(c, $"Targets {(verdict.Met ? "met" : "**missed**")}: {verdict.Detail}. Issue 6's older target {verdict.Older}.");
        text.AppendLine();
        return text.ToString();
    }
}

/// <summary>A trace's verdict on the targets judged, what decided it, and issue 6's older target beside it.</summary>
internal sealed record Verdict(bool Met, string Detail, string Older);

/// <summary>Replaces only the generated part of the What-if section of docs/benchmarks.md.</summary>
internal static class Docs
{
    public const string Begin = "<!-- what-if:results:begin (generated by bench/WhatIf.Bench --write-docs) -->";
    public const string End = "<!-- what-if:results:end -->";

    public static void Write(string path, string results)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var block = Begin + "\n\n" + results + End;
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? text[..start] + block + text[(end + End.Length)..]
            : text.TrimEnd() + "\n\n## What-if: scale-in policies on real traces\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }
}
