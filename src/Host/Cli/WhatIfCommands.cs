using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Azure;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Core.WhatIf;
using Seamless.Workflows.Ports;

namespace Seamless.Host.Cli;

/// <summary><c>seamless what-if</c>: replay a trace (or a plan's history) under every policy, side by side.</summary>
public static class WhatIfCommands
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var trace = new Option<FileInfo?>("--trace") { Description = "CSV with a header and columns minute,value." };
        var plan = new Option<string?>("--plan") { Description = "Replay a plan's history read from the metrics API instead of a trace." };
        var days = new Option<int>("--days") { Description = "Days of plan history (with --plan).", DefaultValueFactory = _ => 7 };
        var policy = new Option<FileInfo?>("--policy") { Description = "Scale-in policy JSON (defaults otherwise)." };
        var capacity = new Option<double?>("--capacity-per-instance") { Description = "Demand one instance serves per minute at 100 % CPU (default: trace peak / 20)." };
        var delay = new Option<int>("--provisioning-delay") { Description = "Minutes before a new instance serves (every reactive policy; not the oracle).", DefaultValueFactory = _ => WhatIfOptions.DefaultProvisioningDelayMinutes };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var peers = new Option<string>("--peers") { Description = "defaults: Azure autoscale and HPA at their documented defaults; tuned: also each tuned with hindsight to the cheapest setting within the overload budget; online: also each re-tuned every day on the demand seen so far.", DefaultValueFactory = _ => "defaults" };
        peers.CompletionSources.Add("defaults", "tuned", "online");
        // AcceptOnlyFromAmong's message spans lines; a usage mistake gets one line.
        peers.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not ("defaults" or "tuned" or "online") and var value)
            {
                result.AddError($"--peers must be defaults, tuned or online, not '{value}'.");
            }
        });
        var budget = new Option<double>("--overload-budget") { Description = "Overload budget of the tuned peers: % of minutes that may be overloaded.", DefaultValueFactory = _ => WhatIfOptions.DefaultOverloadBudgetPercent };
        var series = new Option<FileInfo?>("--series") { Description = "Also write the minutes behind the figures as CSV: demand, each policy's instances, utilisation and overloaded minutes, and the headroom Seamless learned." };
        var budgets = new Option<string?>("--budgets")
        {
            Description = "The price of the promise: replay Seamless once per overload budget (% of minutes, comma-separated, e.g. 0.01,0.1,1) and print what each cost and whether it was kept, in place of the comparison.",
            HelpName = "LIST",
        };
        var endpoint = new Option<Uri?>("--azure-endpoint") { Description = "Metrics endpoint override for --plan (e.g. a simulator).", CustomParser = Program.ParseUri };
        var command = new Command("what-if", "Compare scale-in policies on a trace: instance-hours, overload, hot minutes, flaps, SPEC elasticity metrics; --peers tuned adds the peers tuned to the same overload budget, --peers online also the peers re-tuned daily from what they have seen.") { trace, plan, days, policy, capacity, delay, format, peers, budget, series, budgets, endpoint };
        command.SetAction(async (parse, ct) =>
        {
            var traceFile = parse.GetValue(trace);
            string? planId = parse.GetValue(plan);
            if ((traceFile is null) == (planId is null))
            {
                throw new ArgumentException("give exactly one of --trace FILE or --plan ID.");
            }

            var options = new WhatIfOptions
            {
                CapacityPerInstance = parse.GetValue(capacity),
                ProvisioningDelayMinutes = parse.GetValue(delay),
                Peers = parse.GetValue(peers) switch { "tuned" => WhatIfPeers.Tuned, "online" => WhatIfPeers.Online, _ => WhatIfPeers.Defaults },
                OverloadBudgetPercent = parse.GetValue(budget),
                Policy = parse.GetValue(policy) is { } policyFile ? ScaleInPolicy.FromJson(await File.ReadAllTextAsync(policyFile.FullName, ct)) : ScaleInPolicy.Default,
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                throw new ArgumentException(errors[0].Field.StartsWith("policy.", StringComparison.Ordinal)
                    ? $"invalid policy: {errors[0].Field["policy.".Length..]} {errors[0].Message}"
                    : $"invalid option: {errors[0].Field} {errors[0].Message}");
            }

            // Checked before the replay, which takes minutes on a long trace: a path that cannot be written loses nothing.
            var seriesFile = parse.GetValue(series);
            var priceBudgets = parse.GetValue(budgets) is { } list ? ParseBudgets(list) : null;
            if (priceBudgets is not null && (seriesFile is not null || parse.GetValue(peers) != "defaults"))
            {
                throw new ArgumentException("--budgets replays Seamless alone: leave out --series and --peers.");
            }

            if (seriesFile?.Directory is { Exists: false } folder)
            {
                throw new ArgumentException($"--series: the folder '{folder.FullName}' does not exist.");
            }

            Trace data;
            if (traceFile is not null)
            {
                if (!traceFile.Exists)
                {
                    throw new FileNotFoundException($"trace file '{traceFile.FullName}' does not exist.");
                }

                data = TraceParser.Parse(await File.ReadAllTextAsync(traceFile.FullName, ct), traceFile.Name);
            }
            else
            {
                int dayCount = parse.GetValue(days);
                if (dayCount is < 1 or > 30)
                {
                    throw new ArgumentException("--days must be between 1 and 30.");
                }

                data = await PlanHistoryAsync(planId!, dayCount, parse.GetValue(endpoint), ct);
                options = options with { CapacityPerInstance = options.CapacityPerInstance ?? 1 };
            }

            if (priceBudgets is not null)
            {
                var prices = WhatIfPriceList.Run(data, options, priceBudgets);
                Console.WriteLine(parse.GetValue(format) == "json" ? prices.ToJson() : prices.ToTable());
                return 0;
            }

            WhatIfReport report;
            if (seriesFile is null)
            {
                report = WhatIfRunner.Run(data, options);
            }
            else
            {
                var run = WhatIfRunner.RunWithSeries(data, options);
                await File.WriteAllTextAsync(seriesFile.FullName, WhatIfSeriesCsv.ToCsv(run.Series), ct);
                report = run.Report;
            }

            Console.WriteLine(parse.GetValue(format) == "json" ? WhatIfReportFormatter.ToJson(report) : WhatIfReportFormatter.ToTable(report));
            return 0;
        });
        return command;
    }

    /// <summary>Parses <c>--budgets</c>: comma-separated percentages, each a number in (0, 100), at most <see cref="WhatIfPriceList.MaxBudgets"/>.</summary>
    private static List<double> ParseBudgets(string list)
    {
        var values = new List<double>();
        foreach (string part in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0 || value >= 100)
            {
                throw new ArgumentException($"--budgets: '{part}' is not a percentage in (0, 100).");
            }

            values.Add(value);
        }

        if (values.Distinct().Count() > WhatIfPriceList.MaxBudgets)
        {
            throw new ArgumentException($"--budgets: at most {WhatIfPriceList.MaxBudgets} budgets, not {values.Distinct().Count()}.");
        }

        return values;
    }

    /// <summary>Reads a plan's busy instances per minute (Σ per-instance CPU / 100) as demand.</summary>
    private static async Task<Trace> PlanHistoryAsync(string planText, int days, Uri? endpoint, CancellationToken ct)
    {
        var plan = AzureResourceId.TryParse(planText, out string? error);
        if (plan is null || !plan.IsPlan)
        {
            throw new ArgumentException($"--plan is not an App Service plan resource id. {error}");
        }

        var services = AzureServices.Create(endpoint);
        await using (services)
        {
            var metrics = services.GetRequiredService<IMetricsClient>();
            var end = DateTimeOffset.UtcNow;
            var start = end.AddDays(-days);
            var demand = new List<double>();
            for (var from = start; from < end; from = from.AddDays(1))
            {
                var to = from.AddDays(1) < end ? from.AddDays(1) : end;
                var result = await metrics.QueryAsync(
                    new MetricQuery(plan.ToString(), MetricNames.PlanNamespace, [MetricNames.CpuPercentage], ["Average"], from, to, TimeSpan.FromMinutes(1), SplitByInstance: true),
                    ct);
                var byMinute = result.Of(MetricNames.CpuPercentage).Where(s => s.Instance is not null)
                    .SelectMany(s => s.Points).Where(p => p.Average is not null)
                    .GroupBy(p => p.Timestamp).OrderBy(g => g.Key)
                    .Select(g => g.Sum(p => p.Average!.Value) / 100);
                demand.AddRange(byMinute);
            }

            if (demand.Count == 0)
            {
                throw new InvalidOperationException($"no CPU history for {plan.Name} in the last {days} days.");
            }

            return new Trace(plan.Name, demand, 1, demand.Count, $"busy instances per minute of {plan.Name} over {days} days (Σ CPU % / 100)");
        }
    }
}
