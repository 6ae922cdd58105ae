using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Seamless.Host.Cli;

/// <content>The capacity commands: <c>scale-in run</c>, <c>decisions</c> and <c>plans</c>, and the lines they print.</content>
public static partial class ApiCommands
{
    /// <summary><c>seamless scale-in run [--plan] [--dry-run] [--json] [--timeout]</c>.</summary>
    public static Command ScaleIn(CliContext cli)
    {
        var plan = new Option<string?>("--plan") { Description = "A managed plan (resource id or name); all managed plans when omitted." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Decide now and print the decision; change and record nothing." };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "How long to wait for a real run's decision (default 2m).", CustomParser = CliDuration.ParseArgument };
        var json = JsonOption();
        var run = new Command("run", "Evaluate scale-in now and print each plan's decision with its deciding rule and next eligible time.") { plan, dryRun, timeout, json };
        var connection = ApiConnection.AddTo(run);
        run.SetAction(async (parse, ct) =>
        {
            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli);
            string? planId = await ResolvePlanAsync(client, parse.GetValue(plan), ct);
            if (parse.GetValue(dryRun))
            {
                var result = await client.PostJsonAsync("api/scale-in/run", new { plan = planId, dryRun = true }, ct);
                if (parse.GetValue(json))
                {
                    WriteJson(cli, result);
                    return ExitCodes.Ok;
                }

                await cli.Out.WriteLineAsync("Dry run: decided now, nothing changed or recorded.");
                foreach (var entry in result.GetProperty("decisions").EnumerateArray())
                {
                    await cli.Out.WriteLineAsync(entry.TryGetProperty("decision", out var d)
                        ? $"{Text(entry, "name")}: {DecisionLine(d)}"
                        : $"{Text(entry, "name")}: could not decide: {Text(entry, "error")}");
                }

                return ExitCodes.Ok;
            }

            return await RunAndWaitAsync(cli, client, planId, parse.GetValue(timeout) ?? TimeSpan.FromMinutes(2), parse.GetValue(json), ct);
        });
        return new Command("scale-in", "Scale-in of the managed plans.") { run };
    }

    /// <summary><c>seamless decisions [--plan] [--limit] [--json]</c>.</summary>
    public static Command Decisions(CliContext cli)
    {
        var plan = new Option<string?>("--plan") { Description = "A managed plan (resource id or name); all plans when omitted." };
        var limit = new Option<int?>("--limit") { CustomParser = CliNumbers.OptionalWholeNumber, Description = "How many of the latest entries (1-500, default 50)." };
        var json = JsonOption();
        var command = new Command("decisions", "The decision journal: why it did or did not scale in, oldest first.") { plan, limit, json };
        var connection = ApiConnection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli);
            string? planId = await ResolvePlanAsync(client, parse.GetValue(plan), ct);
            var result = await client.GetJsonAsync("api/scale-in/decisions" + Query(("plan", planId), ("limit", parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture))), ct);
            if (parse.GetValue(json))
            {
                WriteJson(cli, result);
                return ExitCodes.Ok;
            }

            var entries = result.GetProperty("decisions").EnumerateArray().ToList();
            if (entries.Count == 0)
            {
                await cli.Out.WriteLineAsync("No decisions yet.");
            }

            foreach (var entry in entries)
            {
                await cli.Out.WriteLineAsync(EntryLine(entry));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>seamless plans [name] [--json]</c>: the fleet.</summary>
    public static Command Plans(CliContext cli)
    {
        var name = new Argument<string?>("name") { Description = "One managed plan's name (all when omitted).", Arity = ArgumentArity.ZeroOrOne };
        var json = JsonOption();
        var command = new Command("plans", "The fleet: each managed plan's instances, CPU/memory, last decision, veto and leases, and its sites' slots and releases.") { name, json };
        var connection = ApiConnection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli);
            string? planName = parse.GetValue(name);
            var result = await client.GetJsonAsync(planName is null ? "api/plans" : "api/plans/" + Uri.EscapeDataString(planName) + "?hours=0", ct);
            if (parse.GetValue(json))
            {
                WriteJson(cli, result);
                return ExitCodes.Ok;
            }

            var plans = planName is null ? result.GetProperty("plans").EnumerateArray().ToList() : [result];
            foreach (var plan in plans)
            {
                foreach (string line in PlanLines(plan))
                {
                    await cli.Out.WriteLineAsync(line);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One line of a decision: action, capacities, rule, reason, message and next eligible time.</summary>
    public static string DecisionLine(JsonElement decision) =>
        $"{Text(decision, "action")} {Number(decision, "fromCapacity")} → {Number(decision, "toCapacity")} · rule {Text(decision, "decidingRule")} ({Text(decision, "reason")}) · {Text(decision, "message")} · next eligible {Time(decision, "nextEligibleAt")}";

    /// <summary>The lines of one plan of the fleet view.</summary>
    public static IEnumerable<string> PlanLines(JsonElement plan)
    {
        string metrics = plan.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object
            ? string.Create(CultureInfo.InvariantCulture, $"CPU {Percent(m, "cpuPercentage")} · memory {Percent(m, "memoryPercentage")} at {Time(m, "at")}")
            : "no metrics";
        string held = plan.TryGetProperty("veto", out var veto) && veto.ValueKind == JsonValueKind.Object
            ? $"scale-in vetoed until {Time(veto, "until")}: {Text(veto, "reason")}"
            : plan.GetProperty("leases").GetArrayLength() > 0
                ? $"scale-in frozen by release {Text(plan.GetProperty("leases")[0], "holder")}"
                : "scale-in open";
        yield return $"{Text(plan, "name")} · {Text(plan, "sku")} · {Number(plan, "instances")} instances · {metrics} · {held}";
        if (plan.TryGetProperty("lastDecision", out var decision) && decision.ValueKind == JsonValueKind.Object)
        {
            yield return $"  last decision {Time(decision, "at")}: {DecisionLine(decision)}";
        }

        if (plan.TryGetProperty("policy", out var policy) && policy.ValueKind == JsonValueKind.Object)
        {
            string whose = policy.TryGetProperty("own", out var own) && own.ValueKind == JsonValueKind.True ? "its own policy" : "the shared policy";
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"  {whose}: headroom {Text(policy, "headroom")}, budget {policy.GetProperty("overloadBudgetPercent").GetDouble():0.###} % of minutes, provisioning delay {policy.GetProperty("provisioningDelayMinutes").GetDouble():0.#} min, {Number(policy, "min")}–{Number(policy, "max")} instances");
        }

        if (plan.TryGetProperty("promise", out var promise) && promise.ValueKind == JsonValueKind.Object)
        {
            string minimum = promise.TryGetProperty("minimumToKeepBudget", out var min) && min.ValueKind == JsonValueKind.Number
                ? $"; a plan minimum of {min.GetInt32()} would have kept it"
                : string.Empty;
            yield return $"  {Text(promise, "summary")} (through {Time(promise, "through")}){minimum}";
        }

        foreach (var site in plan.GetProperty("sites").EnumerateArray())
        {
            string slots = string.Join(", ", site.GetProperty("slots").EnumerateArray().Select(s =>
                string.Create(CultureInfo.InvariantCulture, $"{Text(s, "name")} {Text(s, "state")} {s.GetProperty("routingPercentage").GetDouble():0.#} %")));
            string release = site.TryGetProperty("release", out var r) && r.ValueKind == JsonValueKind.Object
                ? $"release {Text(r, "id")} {Text(r, "version")} in {Text(r, "phase")}"
                : "no release in flight";
            string last = site.TryGetProperty("lastRelease", out var l) && l.ValueKind == JsonValueKind.Object
                ? $"; last {Text(l, "version")} {Text(l, "outcome")} {Time(l, "finishedAt")}"
                : string.Empty;
            yield return $"  {Text(site, "name")}: {slots} · {release}{last}";
        }

        foreach (var error in plan.GetProperty("errors").EnumerateArray())
        {
            yield return $"  could not read {error.GetString()}";
        }
    }

    /// <summary>One journal entry: time, plan, kind, summary (and the rule and next eligible time of a decision).</summary>
    public static string EntryLine(JsonElement entry)
    {
        string plan = SiteName(Text(entry, "planId"));
        string line = $"{Time(entry, "at")}  {plan}  {Text(entry, "kind"),-17} {Text(entry, "summary")}";
        return Text(entry, "kind") == "decision" && entry.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("decidingRule", out _)
            ? $"{line} (rule {Text(d, "decidingRule")}; next eligible {Time(d, "nextEligibleAt")})"
            : line;
    }

    private static async Task<int> RunAndWaitAsync(CliContext cli, SeamlessApiClient client, string? planId, TimeSpan timeout, bool json, CancellationToken ct)
    {
        // The decision is journalled by the run; what came before it is whatever the journal held already.
        var before = await client.GetJsonAsync("api/scale-in/decisions" + Query(("plan", planId), ("limit", "500")), ct);
        var seen = before.GetProperty("decisions").EnumerateArray().Select(e => (Text(e, "instanceId"), Text(e, "at"), Text(e, "kind"))).ToHashSet();
        var started = await client.PostJsonAsync("api/scale-in/run", planId is null ? new { } : new { plan = planId }, ct);
        var runs = started.GetProperty("runs").EnumerateArray().ToList();
        var decisions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (decisions.Count < runs.Count)
            {
                var now = await client.GetJsonAsync("api/scale-in/decisions" + Query(("plan", planId), ("limit", "500")), deadline.Token);
                foreach (var entry in now.GetProperty("decisions").EnumerateArray())
                {
                    string instance = Text(entry, "instanceId");
                    if (Text(entry, "kind") == "decision" && runs.Any(r => Text(r, "instanceId") == instance) && !seen.Contains((instance, Text(entry, "at"), "decision")))
                    {
                        decisions[instance] = entry;
                    }
                }

                if (decisions.Count < runs.Count)
                {
                    await Task.Delay(500, deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await cli.Error.WriteLineAsync($"seamless: no decision within {timeout} for {runs.Count - decisions.Count} plan(s); the runs continue on the server ('seamless decisions').");
            return ExitCodes.Timeout;
        }

        if (json)
        {
            WriteJson(cli, JsonSerializer.SerializeToElement(new { runs, decisions = decisions.Values }));
            return ExitCodes.Ok;
        }

        foreach (var run in runs)
        {
            var entry = decisions[Text(run, "instanceId")];
            string already = run.GetProperty("started").GetBoolean() ? string.Empty : " (an evaluation was already running; its decision)";
            await cli.Out.WriteLineAsync($"{SiteName(Text(run, "planId"))}: {DecisionLine(entry.GetProperty("detail"))}{already}");
        }

        return ExitCodes.Ok;
    }

    private static async Task<string?> ResolvePlanAsync(SeamlessApiClient client, string? plan, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(plan) || plan.Contains('/', StringComparison.Ordinal))
        {
            return string.IsNullOrEmpty(plan) ? null : plan;
        }

        var view = await client.GetJsonAsync("api/plans/" + Uri.EscapeDataString(plan) + "?hours=0", ct);
        return Text(view, "id");
    }
}
