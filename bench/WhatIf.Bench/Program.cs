using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Seamless.Bench;
using Seamless.Core.ScaleIn;
using Seamless.Core.WhatIf;

// What-if benchmark: replays every trace in a folder under every policy and checks Seamless's targets (Target.cs).
// Usage: dotnet run -c Release --project bench/WhatIf.Bench -- [TRACES_DIR] [--policy FILE] [--provisioning-delay N] [--sweep-interval N] [--frontier]
//        [--peers defaults|tuned|online] [--shared-from DIR] [--overload-budget PERCENT] [--write-docs] [--json] [--variants] [--shapes]
// --peers tuned over several traces (or with --shared-from) also gives each peer family one setting for all of them, chosen
// with hindsight on the traces of DIR (the run's own by default), and replays it on every trace beside Seamless's default.
// --variants replays Seamless's default on transformed copies of every trace (reversed, second half, twice as fast, noisy).
// --shapes replays synthetic App Service workload shapes the traces lack (shift starts, timer batches, growth, rare spikes).
// --frontier, --variants and --shapes also replay the frontier's reactive family re-tuned online (no hindsight) beside Seamless;
// --frontier also the ratchet (never below the largest demand seen so far).
// --peers online also re-tunes each peer family every day on the demand seen so far (what an operator could have had).
// --write-docs replays with --peers online and the frontier at the default delay and rewrites the generated block of docs/benchmarks.md.
// --help lists the options. Exit 0 when every trace (or variant) meets the targets judged, 1 when one misses one, 2 on a usage
// mistake (unknown option, bad value, missing folder or policy file: one line on stderr).
var c = CultureInfo.InvariantCulture;
var root = FindRepoRoot(Directory.GetCurrentDirectory());
var traces = new Argument<DirectoryInfo>("TRACES_DIR")
{
    Description = "Folder of *.csv traces (columns minute,value or timestamp,value).",
    Arity = ArgumentArity.ZeroOrOne,
    DefaultValueFactory = _ => new DirectoryInfo(Path.GetFullPath(Path.Combine(root, "..", "shared", "traces"))),
};
traces.Validators.Add(result =>
{
    var dir = result.GetValueOrDefault<DirectoryInfo>();
    if (result.Tokens is [var token] && BenchCli.IsOptionLike(token.Value))
    {
        result.AddError(BenchCli.Unrecognized(token.Value));
    }
    else if (!dir.Exists)
    {
        result.AddError($"traces directory '{dir.FullName}' does not exist.");
    }
    else if (dir.GetFiles("*.csv").Length == 0)
    {
        result.AddError("No *.csv traces in " + dir.FullName);
    }
});
var policyOption = new Option<ScaleInPolicy?>("--policy") { Description = "Scale-in policy JSON replayed as Seamless (the default policy otherwise, promising --overload-budget).", HelpName = "FILE", CustomParser = ReadPolicy };
var delayOption = BenchCli.NumberOption<int>("--provisioning-delay", "Minutes before a new instance serves.", WhatIfOptions.DefaultProvisioningDelayMinutes, d => d >= 0, "a whole number of minutes ≥ 0", "N");
var peakOption = BenchCli.NumberOption<int>("--peak-instances", "Instances each trace's peak needs at 100 % CPU: the size of the plan it is replayed on.", WhatIfOptions.DefaultPeakInstances, p => p >= 1, "a whole number of instances ≥ 1", "N");
var sweepOption = BenchCli.NumberOption<int>("--sweep-interval", "Minutes between Seamless's sweeps (the product's SCALE_IN_SCHEDULE).", WhatIfOptions.DefaultSweepIntervalMinutes, m => m >= 1, "a whole number of minutes ≥ 1", "N");
var frontierOption = new Option<bool>("--frontier") { Description = "Also print the cheapest reactive and forecast settings within Seamless's overload budget at delays 0, 1 and 3 (the run's delay judges the 1.05 × target), the reactive family re-tuned online and the ratchet (never below the largest demand seen)." };
var peersOption = new Option<string>("--peers") { Description = "defaults: the peers at their documented defaults; tuned: also each tuned with hindsight to the overload budget; online: also each re-tuned every day on the demand seen so far.", HelpName = "defaults|tuned|online", DefaultValueFactory = _ => "defaults" };
peersOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string>() is not ("defaults" or "tuned" or "online") and var value)
    {
        result.AddError($"--peers must be defaults, tuned or online, not '{value}'.");
    }
});
var sharedFromOption = new Option<DirectoryInfo?>("--shared-from")
{
    Description = "With --peers tuned: choose each peer family's one setting for all traces on this folder's traces (default: the run's own) and replay it on the run's traces.",
    HelpName = "DIR",
};
sharedFromOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<DirectoryInfo?>() is { } dir && (!dir.Exists || dir.GetFiles("*.csv").Length == 0))
    {
        result.AddError($"--shared-from: no *.csv traces in '{dir.FullName}'.");
    }
});
var budgetOption = BenchCli.NumberOption<double>("--overload-budget", "Overload budget: % of minutes that may be overloaded.", WhatIfOptions.DefaultOverloadBudgetPercent, b => b is >= 0 and <= 100, "a percentage from 0 to 100", "PERCENT");
var seriesOption = new Option<DirectoryInfo?>("--series") { Description = "Also write each trace's (variant's, shape's) minutes (demand, every policy's instances, utilisation, overloaded minutes, the headroom Seamless learned) as DIR/<trace>.series.csv.", HelpName = "DIR" };
seriesOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<DirectoryInfo?>() is { Exists: false } dir)
    {
        result.AddError($"--series: the folder '{dir.FullName}' does not exist.");
    }
});
var writeDocsOption = new Option<bool>("--write-docs") { Description = "Replay with --peers online and the frontier at the default delay and rewrite the generated block of docs/benchmarks.md." };
var jsonOption = new Option<bool>("--json") { Description = "Print the JSON reports instead of the tables: the standard output holds only them, one document per trace, and the verdicts go to the standard error." };
var variantsOption = new Option<bool>("--variants") { Description = "Replay Seamless's default on transformed copies of every trace (reversed, second half, twice as fast, noisy)." };
var shapesOption = new Option<bool>("--shapes") { Description = "Replay synthetic App Service workload shapes (shift starts, timer batches, unannounced growth, rare spikes) under every policy." };
var budgetsOption = new Option<string?>("--budgets")
{
    Description = "The price of the promise: replay Seamless on every trace once per overload budget (% of minutes, comma-separated, e.g. 0.01,0.05,0.1,0.5,1) and print a table per trace and a markdown summary.",
    HelpName = "LIST",
};
var command = new RootCommand("What-if benchmark: replays every trace in a folder under every policy and checks Seamless's targets (exit 1 when a trace or variant misses one).")
{
    traces, policyOption, delayOption, peakOption, sweepOption, frontierOption, peersOption, sharedFromOption, budgetOption, writeDocsOption, jsonOption, variantsOption, shapesOption, seriesOption, budgetsOption,
};
command.SetAction(parse =>
{
    var tracesDir = parse.GetValue(traces)!.FullName;
    var policy = parse.GetValue(policyOption);
    var writeDocs = parse.GetValue(writeDocsOption);
    var json = parse.GetValue(jsonOption);
    var delay = parse.GetValue(delayOption);
    var sweep = parse.GetValue(sweepOption);
    var peakInstances = parse.GetValue(peakOption);
    var frontier = parse.GetValue(frontierOption);
    var variants = parse.GetValue(variantsOption);
    var shapes = parse.GetValue(shapesOption);
    var peers = parse.GetValue(peersOption) switch { "tuned" => WhatIfPeers.Tuned, "online" => WhatIfPeers.Online, _ => WhatIfPeers.Defaults };
    var budget = parse.GetValue(budgetOption);
    var sharedFrom = parse.GetValue(sharedFromOption);
    var seriesDir = parse.GetValue(seriesOption);
    if (writeDocs && (delay != WhatIfOptions.DefaultProvisioningDelayMinutes || sweep != WhatIfOptions.DefaultSweepIntervalMinutes || peakInstances != WhatIfOptions.DefaultPeakInstances || parse.GetResult(policyOption) is not null))
    {
        throw new ArgumentException("--write-docs regenerates the default-model table only (no --provisioning-delay, --peak-instances, --sweep-interval or --policy).");
    }

    if (new[] { writeDocs, variants, shapes }.Count(on => on) > 1)
    {
        throw new ArgumentException("--write-docs, --variants and --shapes are separate runs: give one of them.");
    }

    if (writeDocs)
    {
        // The docs compare at equal promise: tuned and online-tuned peers and the frontier next to the defaults.
        peers = WhatIfPeers.Online;
    }

    if (sharedFrom is not null && peers == WhatIfPeers.Defaults)
    {
        throw new ArgumentException("--shared-from chooses the peers' one setting for all traces: give it with --peers tuned or online.");
    }

    // With --json the standard output carries only the JSON documents, one per trace (or per price list), for scripts;
    // the verdicts, the frontier's lines and the summaries go to the standard error.
    var text = json ? Console.Error : Console.Out;

    // Without --policy the default promises the run's budget, so the peers are tuned to Seamless's own promise (a budget
    // of 0, which no promise can state, leaves the default's).
    policy ??= ScaleInPolicy.Default with { OverloadBudgetPercent = budget is > 0 and < 100 ? budget : ScaleInPolicy.DefaultOverloadBudgetPercent };
    var options = new WhatIfOptions { Policy = policy, ProvisioningDelayMinutes = delay, PeakInstances = peakInstances, SweepIntervalMinutes = sweep, Peers = peers, OverloadBudgetPercent = budget };
    var files = Directory.GetFiles(tracesDir, "*.csv").OrderBy(f => f, StringComparer.Ordinal).ToList();

    if (parse.GetValue(budgetsOption) is { } budgetList)
    {
        if (writeDocs || variants || shapes || seriesDir is not null || frontier || peers != WhatIfPeers.Defaults)
        {
            throw new ArgumentException("--budgets replays Seamless alone: not with --write-docs, --variants, --shapes, --series, --frontier or --peers.");
        }

        var budgetValues = budgetList.Split(',', StringSplitOptions.TrimEntries)
            .Select(v => double.TryParse(v, NumberStyles.Float, c, out var b) ? b : throw new ArgumentException($"--budgets: '{v}' is not a number."))
            .ToList();
        // Two traces at a time (each list is a replay per budget); printed in folder order.
        var lists = new WhatIfPriceList[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => lists[i] = WhatIfPriceList.Run(ParseTrace(files[i]), options, budgetValues));
        foreach (var list in lists)
        {
            Console.WriteLine(json ? list.ToJson() : list.ToTable());
        }

        text.WriteLine(string.Create(c, $"| trace | {string.Join(" | ", lists[0].Prices.Select(p => $"{p.BudgetPercent:0.###} %"))} | static peak |"));
        text.WriteLine(string.Create(c, $"|---|{string.Concat(lists[0].Prices.Select(_ => "---:|"))}---:|"));
        foreach (var list in lists)
        {
            var peak = list.StaticPeak.InstanceHours / list.Oracle.InstanceHours;
            text.WriteLine(string.Create(c, $"| {Path.GetFileNameWithoutExtension(list.Trace.Name)} | {string.Join(" | ", list.Prices.Select(p => $"{(p.Kept ? string.Empty : "**")}{p.TimesOracle:0.000} ({p.OverloadPercent:0.000}){(p.Kept ? string.Empty : "**")}{(p.Minimum is { } m ? $"; min {m}: {p.AtMinimumTimesOracle:0.000} ({p.AtMinimumOverloadPercent:0.000})" : string.Empty)}"))} | {peak:0.000} |"));
        }

        return lists.All(l => l.Prices.All(p => p.Kept)) ? 0 : 1;
    }

    if (shapes)
    {
        // Shapes the public traces lack (WorkloadShapes): Seamless's budget per shape, the peers at their defaults beside it.
        var shapeTraces = WorkloadShapes.All().ToList();
        var shapeReports = shapeTraces.Select(shape => Replay(shape, options with { Peers = WhatIfPeers.Defaults }, seriesDir)).ToList();
        var shapesExit = BudgetCheck.Report("shape", "shapes", shapeReports, budget, WhatIfPolicyNames.AzureAutoscale, WhatIfPolicyNames.Hpa);
        Frontier.PrintOnlineReactive(shapeTraces, delay, budget, "shapes", peakInstances);
        return shapesExit;
    }

    if (variants)
    {
        // Workloads the default was not tuned on: each trace transformed four ways (TraceVariants); Seamless's budget per variant.
        var variantOptions = options with { Peers = WhatIfPeers.Defaults };
        var variantTraces = files.SelectMany(file => TraceVariants.Of(ParseTrace(file))).ToList();
        var variantReports = variantTraces.Select(variant => Replay(variant, variantOptions, seriesDir)).ToList();
        var variantsExit = BudgetCheck.Report("variant", "variants", variantReports, budget);
        Frontier.PrintOnlineReactive(variantTraces, delay, budget, "variants", peakInstances);
        return variantsExit;
    }

    var markdown = new StringBuilder();
    var summary = new List<(WhatIfReport Report, FrontierBest? Reactive, FrontierBest? Forecast)>();
    var reports = new List<(WhatIfReport Report, Seamless.Core.WhatIf.Trace Trace)>();
    var allMet = true;
    int[] frontierDelays = [0, 1, 3];
    bool[] frontierModes = [false, true];
    foreach (var file in files)
    {
        var watch = Stopwatch.StartNew();
        var trace = ParseTrace(file);
        var report = Replay(trace, options, seriesDir);
        reports.Add((report, trace));
        watch.Stop();
        // The frontier at the run's delay and Seamless's budget, when the run replays it: the 1.05 × target is judged against it.
        FrontierBest? reactiveAtDelay = null, forecastAtDelay = null;
        if (frontier || writeDocs)
        {
            reactiveAtDelay = Frontier.Best(trace, delay, policy.OverloadBudgetPercent, peak: peakInstances);
            forecastAtDelay = Frontier.Best(trace, delay, policy.OverloadBudgetPercent, forecast: true, peak: peakInstances);
        }

        var verdict = Target.Check(report, policy.OverloadBudgetPercent, frontier || writeDocs ? [reactiveAtDelay, forecastAtDelay] : null);
        allMet &= verdict.Met;
        Console.WriteLine(json ? WhatIfReportFormatter.ToJson(report) : WhatIfReportFormatter.ToTable(report));
        text.WriteLine(string.Create(c, $"targets: {(verdict.Met ? "MET" : "MISSED")} — {verdict.Detail} ({watch.Elapsed.TotalSeconds:0.0} s)"));
        text.WriteLine(string.Create(c, $"issue 6's older target: {verdict.Older}"));
        text.WriteLine();
        markdown.Append(Target.Markdown(report, verdict));
        if (writeDocs)
        {
            summary.Add((report, reactiveAtDelay, forecastAtDelay));
        }

        if (frontier)
        {
            foreach (var d in frontierDelays)
            {
                foreach (var forecast in frontierModes)
                {
                    var best = d == delay ? (forecast ? forecastAtDelay : reactiveAtDelay) : Frontier.Best(trace, d, policy.OverloadBudgetPercent, forecast, peakInstances);
                    text.WriteLine(string.Create(c, $"frontier (delay {d} min, {(forecast ? "forecast" : "reactive")}): {(best is { } b ? $"{b.TimesOracle:0.000} × oracle at {b.OverloadPercent:0.000} % overload ({b.Settings})" : $"no setting keeps overload ≤ {policy.OverloadBudgetPercent:0.###} %")}"));
                }
            }

            // The reactive family as an operator without hindsight could run it, at the run's delay.
            var online = Frontier.OnlineReactive(trace, delay, policy.OverloadBudgetPercent, peakInstances);
            text.WriteLine(string.Create(c, $"frontier (delay {delay} min, reactive re-tuned online every day on the demand seen so far): {online.TimesOracle:0.000} × oracle at {online.OverloadPercent:0.000} % overload ({online.SettingsServed} settings served)"));
            var ratchet = Frontier.Ratchet(trace, delay, peakInstances);
            text.WriteLine(string.Create(c, $"frontier (delay {delay} min, ratchet: never below the largest demand seen so far): {ratchet.TimesOracle:0.000} × oracle at {ratchet.OverloadPercent:0.000} % overload"));
        }
    }

    var sharedSection = string.Empty;
    if (peers != WhatIfPeers.Defaults && (files.Count > 1 || sharedFrom is not null))
    {
        // Each peer family with one setting for all traces, as Seamless has one default.
        var chosenOn = sharedFrom?.FullName ?? tracesDir;
        var sharedTraces = sharedFrom is null ? reports.Select(r => r.Trace).ToList() : Directory.GetFiles(chosenOn, "*.csv").OrderBy(f => f, StringComparer.Ordinal).Select(ParseTrace).ToList();
        var shared = PeerTuner.TuneShared(sharedTraces, options);
        var rows = reports.Select(r => (r.Report, (IReadOnlyList<PolicyResult>)[.. shared.Select(s => PeerTuner.Replay(s, r.Trace, options))])).ToList();
        var where = string.Create(c, $"the {sharedTraces.Count} traces of `{Path.GetFileName(Path.TrimEndingDirectorySeparator(chosenOn))}`");
        sharedSection = SharedPeers.Markdown(where, shared, rows, budget);
        if (!json)
        {
            Console.WriteLine(sharedSection);
        }
    }

    if (writeDocs)
    {
        Docs.Write(Path.Combine(root, "docs", "benchmarks.md"), Target.EqualPromise(summary, budget) + sharedSection + markdown.ToString());
        text.WriteLine("docs/benchmarks.md: What-if section updated.");
    }

    text.WriteLine(allMet ? "All traces meet the targets judged." : "Some traces miss a target (see above).");
    return allMet ? 0 : 1;
});

return await BenchCli.RunAsync(command, args);

static string FindRepoRoot(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
        {
            return dir.FullName;
        }
    }

    return start;
}

static ScaleInPolicy? ReadPolicy(ArgumentResult result)
{
    if (result.Tokens.Count == 0)
    {
        return null;
    }

    var path = result.Tokens[^1].Value;
    if (!File.Exists(path))
    {
        result.AddError($"policy file '{path}' does not exist.");
        return null;
    }

    try
    {
        var policy = ScaleInPolicy.FromJson(File.ReadAllText(path));
        if (policy.Validate() is [var error, ..])
        {
            result.AddError($"invalid policy in '{path}': {error.Field} {error.Message}");
            return null;
        }

        return policy;
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException or ArgumentException)
    {
        result.AddError($"policy file '{path}' is not a policy: {BenchCli.OneLine(ex.Message)}");
        return null;
    }
}

// One replay; with --series its minutes are written as DIR/<trace>.series.csv too (a trace's file name without .csv, a
// variant's or shape's own name).
static WhatIfReport Replay(Seamless.Core.WhatIf.Trace trace, WhatIfOptions options, DirectoryInfo? seriesDir)
{
    if (seriesDir is null)
    {
        return WhatIfRunner.Run(trace, options);
    }

    var run = WhatIfRunner.RunWithSeries(trace, options);
    File.WriteAllText(Path.Combine(seriesDir.FullName, Path.GetFileNameWithoutExtension(trace.Name) + ".series.csv"), WhatIfSeriesCsv.ToCsv(run.Series));
    return run.Report;
}

// TraceParser's messages give the line, not the file.
static Seamless.Core.WhatIf.Trace ParseTrace(string file)
{
    try
    {
        return TraceParser.Parse(File.ReadAllText(file), Path.GetFileName(file));
    }
    catch (FormatException ex)
    {
        throw new FormatException($"{file}: {ex.Message}", ex);
    }
}
