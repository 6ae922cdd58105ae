using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Azure;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Core.WhatIf;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Ports;

namespace Seamless.Host.Cli;

/// <summary><c>seamless what-if</c>: replay a trace (or a plan's history) under every policy, side by side.</summary>
public static class WhatIfCommands
{
    /// <summary>Creates the command.</summary>
    /// <param name="cli">Where it writes.</param>
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var trace = new Option<FileInfo?>("--trace") { Description = "CSV with a header and columns minute,value (or timestamp,value; rows finer than a minute are averaged into it)." };
        var plan = new Option<string?>("--plan") { Description = "Replay a plan's history read from the metrics API instead of a trace." };
        var days = new Option<int>("--days") { CustomParser = CliNumbers.WholeNumber, Description = "Days of plan history (with --plan).", DefaultValueFactory = _ => 7 };
        var until = new Option<DateTimeOffset?>("--until") { CustomParser = CliNumbers.OptionalInstant, Description = "End of the plan history (with --plan; ISO 8601, default now): replay a week that has passed.", HelpName = "TIME" };
        var policy = new Option<FileInfo?>("--policy") { Description = "Scale-in policy JSON (defaults otherwise)." };
        var capacity = new Option<double?>("--capacity-per-instance") { CustomParser = CliNumbers.OptionalNumber, Description = "Demand one instance serves per minute at 100 % CPU (default: trace peak / --peak-instances)." };
        var peakInstances = new Option<int>("--peak-instances") { CustomParser = CliNumbers.WholeNumber, Description = "Instances the trace's peak needs at 100 % CPU when --capacity-per-instance is not given: the size of the plan it is replayed on.", DefaultValueFactory = _ => WhatIfOptions.DefaultPeakInstances };
        var delay = new Option<int>("--provisioning-delay") { CustomParser = CliNumbers.WholeNumber, Description = "Minutes before a new instance serves (every reactive policy; not the oracle). Seamless is told the same delay, as a plan's own ProvisioningDelay tells it, unless --policy states one.", DefaultValueFactory = _ => WhatIfOptions.DefaultProvisioningDelayMinutes };
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
        var budget = new Option<double>("--overload-budget") { CustomParser = CliNumbers.Number, Description = "Overload budget: % of minutes that may be overloaded; the tuned peers are tuned to it, and Seamless promises it unless --policy states its own.", DefaultValueFactory = _ => WhatIfOptions.DefaultOverloadBudgetPercent };
        var series = new Option<FileInfo?>("--series") { Description = "Also write the minutes behind the figures as CSV: demand, each policy's instances, utilisation and overloaded minutes, and the headroom Seamless learned." };
        var budgets = new Option<string?>("--budgets")
        {
            Description = "The price of the promise: replay Seamless once per overload budget (% of minutes, comma-separated, e.g. 0.01,0.1,1) and print what each cost and whether it was kept, in place of the comparison.",
            HelpName = "LIST",
        };
        var endpoint = new Option<Uri?>("--azure-endpoint") { Description = "Metrics endpoint override for --plan (e.g. a simulator).", CustomParser = Program.ParseUri };
        var command = new Command("what-if", "Compare scale-in policies on a trace: instance-hours, overload, hot minutes, flaps, SPEC elasticity metrics; --peers tuned adds the peers tuned to the same overload budget, --peers online also the peers re-tuned daily from what they have seen.") { trace, plan, days, until, policy, capacity, peakInstances, delay, format, peers, budget, series, budgets, endpoint };
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
                PeakInstances = parse.GetValue(peakInstances),
                ProvisioningDelayMinutes = parse.GetValue(delay),
                Peers = parse.GetValue(peers) switch { "tuned" => WhatIfPeers.Tuned, "online" => WhatIfPeers.Online, _ => WhatIfPeers.Defaults },
                OverloadBudgetPercent = parse.GetValue(budget),
                // Without a policy file Seamless is told the delay the replay applies and promises the budget the peers
                // are tuned to, as the operator would configure it (a budget of 0 no promise can state: the default's).
                Policy = parse.GetValue(policy) is { } policyFile
                    ? await ReadPolicyAsync(policyFile, ct)
                    : ScaleInPolicy.Default with
                    {
                        ProvisioningDelay = TimeSpan.FromMinutes(parse.GetValue(delay)),
                        OverloadBudgetPercent = parse.GetValue(budget) is > 0 and < 100 and var stated ? stated : ScaleInPolicy.DefaultOverloadBudgetPercent,
                    },
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

                data = await PlanHistoryAsync(planId!, dayCount, parse.GetValue(until), options.Policy, parse.GetValue(endpoint), ct);
                options = options with { CapacityPerInstance = options.CapacityPerInstance ?? 1 };
            }

            if (priceBudgets is not null)
            {
                var prices = WhatIfPriceList.Run(data, options, priceBudgets);
                await cli.Out.WriteLineAsync(parse.GetValue(format) == "json" ? prices.ToJson() : prices.ToTable());
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

            await cli.Out.WriteLineAsync(parse.GetValue(format) == "json"
                ? WhatIfReportFormatter.ToJson(report)
                : WhatIfReportFormatter.ToTable(report).TrimEnd() + Environment.NewLine + WhatIfPromise.Judge(report, options.Policy.OverloadBudgetPercent).ToLine());
            return 0;
        });
        return command;
    }

    /// <summary>Reads <c>--policy FILE</c>; a file that is missing or not a policy fails with one line naming the file and what is wrong.</summary>
    private static async Task<ScaleInPolicy> ReadPolicyAsync(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new ArgumentException($"--policy: the file '{file.FullName}' does not exist.");
        }

        try
        {
            return ScaleInPolicy.FromJson(await File.ReadAllTextAsync(file.FullName, ct));
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"--policy '{file.FullName}': {ex.Message}", ex);
        }
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

    /// <summary>
    /// Reads a plan's demand per minute as the learned headroom does (<see cref="DemandLedger"/>): busy instances (Σ CPU % of
    /// the instances / 100), and where a minute was saturated what it asked for, from its sites' requests and server errors
    /// (<see cref="HeadroomReader.Asked"/>): a saturated plan's CPU shows what it served, and replayed on that the what-if
    /// would price the promise on a demand that never asked for more. Every minute of the days keeps its place: a minute
    /// without data repeats the one before it (the trace's minutes are its clock; the seasonal term reads a day back).
    /// </summary>
    private static async Task<Trace> PlanHistoryAsync(string planText, int days, DateTimeOffset? until, ScaleInPolicy policy, Uri? endpoint, CancellationToken ct)
    {
        var plan = AzureResourceId.TryParse(planText, out string? error);
        if (plan is null || !plan.IsPlan)
        {
            throw new ArgumentException($"--plan is not an App Service plan resource id. {error}");
        }

        var services = AzureServices.Create(endpoint);
        await using (services)
        {
            var appService = services.GetRequiredService<IAppServiceClient>();
            var metrics = services.GetRequiredService<IMetricsClient>();
            var activities = new AppServiceActivities(appService, metrics, probe: null!, TimeProvider.System);
            var now = until ?? DateTimeOffset.UtcNow;
            var end = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
            var start = end.AddDays(-days);
            var ledger = new DemandLedger();
            IReadOnlyList<SiteState>? sites = null;
            foreach (var (from, to) in ledger.Missing(start, end))
            {
                var read = await activities.ReadPlanMetricsAsync(new PlanMetricsRequest(plan.ToString(), from, to), ct);
                double?[]? asked = null;
                if (read.Minutes.Any(m => HeadroomReader.IsSaturated(m, policy.ScaleOutQueuePerInstance)))
                {
                    sites ??= await appService.ListPlanSitesAsync(plan.ToString(), ct);
                    var requests = new List<MetricResult>();
                    foreach (var site in sites)
                    {
                        requests.Add(await metrics.QueryAsync(new MetricQuery(site.Id, MetricNames.SiteNamespace, HeadroomReader.AskedMetricNames, ["Total"], from, to, TimeSpan.FromMinutes(1)), ct));
                    }

                    asked = HeadroomReader.Asked(read, HeadroomReader.SiteRequests(requests), policy.ScaleOutQueuePerInstance);
                }

                ledger.Record(read, from, to, end, asked);
            }

            var history = ledger.History(start, end);
            var demand = new List<double>(history.Minutes);
            double? last = null;
            for (var t = 0; t < history.Minutes; t++)
            {
                last = history.AskedAt(t) ?? last;
                if (last is { } value)
                {
                    demand.Add(value);
                }
            }

            if (demand.Count == 0)
            {
                throw new InvalidOperationException($"no CPU history for {plan.Name} in the {days} days to {end:u}.");
            }

            var saturated = Enumerable.Range(0, history.Minutes).Count(t => history.AskedAt(t) > history.Busy[t] + 1e-9);
            return new Trace(plan.Name, demand, 1, demand.Count, $"busy instances per minute of {plan.Name} over {days} days to {end:u} (Σ CPU % / 100; {saturated} saturated minute(s) read as what they asked)");
        }
    }
}
