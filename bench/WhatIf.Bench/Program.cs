using System.Diagnostics;
using System.Globalization;
using System.Text;
using Seamless.Core.ScaleIn;
using Seamless.Core.WhatIf;

// What-if benchmark: replays every trace in a folder under every policy and checks Seamless's target.
// Usage: dotnet run -c Release --project bench/WhatIf.Bench -- [TRACES_DIR] [--policy FILE] [--provisioning-delay N] [--frontier]
//        [--peers defaults|tuned] [--overload-budget PERCENT] [--write-docs] [--json] [--variants]
// --variants replays Seamless's default on transformed copies of every trace (reversed, second half, twice as fast, noisy).
// --write-docs replays with --peers tuned and the frontier at the default delay and rewrites the generated block of docs/benchmarks.md.
var c = CultureInfo.InvariantCulture;
var root = FindRepoRoot(Directory.GetCurrentDirectory());
string? tracesArg = null;
string? policyFile = null;
var writeDocs = false;
var json = false;
var delay = WhatIfOptions.DefaultProvisioningDelayMinutes;
var frontier = false;
var variants = false;
var peers = WhatIfPeers.Defaults;
var budget = WhatIfOptions.DefaultOverloadBudgetPercent;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--policy": policyFile = args[++i]; break;
        case "--write-docs": writeDocs = true; break;
        case "--provisioning-delay": delay = int.Parse(args[++i], c); break;
        case "--frontier": frontier = true; break;
        case "--variants": variants = true; break;
        case "--json": json = true; break;
        case "--peers":
            peers = args[++i] switch
            {
                "defaults" => WhatIfPeers.Defaults,
                "tuned" => WhatIfPeers.Tuned,
                var other => throw new ArgumentException($"--peers must be defaults or tuned, not '{other}'."),
            };
            break;
        case "--overload-budget": budget = double.Parse(args[++i], c); break;
        default: tracesArg = args[i]; break;
    }
}

var tracesDir = Path.GetFullPath(tracesArg ?? Path.Combine(root, "..", "shared", "traces"));
var policy = policyFile is null ? ScaleInPolicy.Default : ScaleInPolicy.FromJson(File.ReadAllText(policyFile));
if (writeDocs && (delay != WhatIfOptions.DefaultProvisioningDelayMinutes || policyFile is not null))
{
    Console.Error.WriteLine("--write-docs regenerates the default-model table only (no --provisioning-delay or --policy).");
    return 2;
}

if (writeDocs)
{
    // The docs compare at equal promise: tuned peers and the frontier next to the defaults.
    peers = WhatIfPeers.Tuned;
}

var options = new WhatIfOptions { Policy = policy, ProvisioningDelayMinutes = delay, Peers = peers, OverloadBudgetPercent = budget };
var files = Directory.GetFiles(tracesDir, "*.csv").OrderBy(f => f, StringComparer.Ordinal).ToList();
if (files.Count == 0)
{
    Console.Error.WriteLine("No *.csv traces in " + tracesDir);
    return 2;
}

if (variants)
{
    // Workloads the default was not tuned on: each trace transformed four ways (TraceVariants); Seamless's budget per variant.
    var variantOptions = options with { Peers = WhatIfPeers.Defaults };
    var variantReports = new List<WhatIfReport>();
    foreach (var file in files)
    {
        foreach (var variant in TraceVariants.Of(TraceParser.Parse(File.ReadAllText(file), Path.GetFileName(file))))
        {
            variantReports.Add(WhatIfRunner.Run(variant, variantOptions));
        }
    }

    var table = TraceVariants.Markdown(variantReports, budget);
    Console.WriteLine(table);
    var kept = variantReports.Count(r => 100.0 * r[WhatIfPolicyNames.Seamless].OverloadMinutes / r.Trace.Minutes <= budget + 1e-9);
    Console.WriteLine(string.Create(c, $"budget ({budget:0.###} %) kept on {kept} of {variantReports.Count} variants."));
    return kept == variantReports.Count ? 0 : 1;
}

var markdown = new StringBuilder();
var summary = new List<(WhatIfReport Report, (double TimesOracle, double OverloadPercent, string Settings)? Reactive, (double TimesOracle, double OverloadPercent, string Settings)? Forecast)>();
var allMet = true;
foreach (var file in files)
{
    var watch = Stopwatch.StartNew();
    var trace = TraceParser.Parse(File.ReadAllText(file), Path.GetFileName(file));
    var report = WhatIfRunner.Run(trace, options);
    watch.Stop();
    var verdict = Target.Check(report);
    allMet &= verdict.Met;
    Console.WriteLine(json ? WhatIfReportFormatter.ToJson(report) : WhatIfReportFormatter.ToTable(report));
    Console.WriteLine(string.Create(c, $"target: {(verdict.Met ? "MET" : "MISSED")} — {verdict.Detail} ({watch.Elapsed.TotalSeconds:0.0} s)"));
    Console.WriteLine();
    markdown.Append(Target.Markdown(report, verdict));
    if (writeDocs)
    {
        summary.Add((report, Frontier.Best(trace, delay, budget), Frontier.Best(trace, delay, budget, forecast: true)));
    }
    if (frontier)
    {
        foreach (var d in new[] { 0, 1, 3 })
        {
            foreach (var forecast in new[] { false, true })
            {
                var best = Frontier.Best(trace, d, 0.1, forecast);
                Console.WriteLine(string.Create(c, $"frontier (delay {d} min, {(forecast ? "forecast" : "reactive")}): {(best is { } b ? $"{b.TimesOracle:0.000} × oracle at {b.OverloadPercent:0.000} % overload ({b.Settings})" : "no setting keeps overload ≤ 0.1 %")}"));
            }
        }
    }
}

if (writeDocs)
{
    Docs.Write(Path.Combine(root, "docs", "benchmarks.md"), Target.EqualPromise(summary, budget) + markdown.ToString());
    Console.WriteLine("docs/benchmarks.md: What-if section updated.");
}

Console.WriteLine(allMet ? "All traces meet the target." : "Some traces miss the target (see above).");
return allMet ? 0 : 1;

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
