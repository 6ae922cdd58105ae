using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Seamless.Api;
using Seamless.Workflows.Orchestration;
using Spectre.Console;

namespace Seamless.Host.Cli;

/// <summary>
/// The operator commands over the HTTP API: <c>status</c>, <c>list</c>, <c>approve</c>, <c>abort</c>,
/// <c>scale-in run</c>, <c>decisions</c> and <c>plans</c>. Every read command takes <c>--json</c> (the API's JSON,
/// indented); the rest prints one line per item, no wrapping, no colour when not on a terminal.
/// </summary>
public static class ApiCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly JsonSerializerOptions IndentedWorkflow = new(WorkflowJson.Options) { WriteIndented = true };

    /// <summary>The polling interval while following.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    /// <summary><c>seamless status &lt;id&gt; [--watch] [--wait] [--timeout] [--json]</c>.</summary>
    public static Command Status(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "The upgrade id (from 'seamless upgrade' or 'seamless list')." };
        var watch = new Option<bool>("--watch") { Description = "Follow it live until it finishes; exit code by outcome." };
        var wait = new Option<bool>("--wait") { Description = "Wait quietly until it finishes (for CI); exit code by outcome." };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "With --wait/--watch: give up after this long (e.g. 30m); exit 7, the release continues.", CustomParser = CliDuration.ParseArgument };
        var interval = new Option<TimeSpan?>("--interval") { Description = "Polling interval (default 2s).", CustomParser = CliDuration.ParseArgument };
        var json = JsonOption();
        var command = new Command("status", "Show an upgrade: status, phase, step, canary weight, latest verdict; --watch or --wait until it ends.") { id, watch, wait, timeout, interval, json };
        var connection = ApiConnection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            string upgradeId = parse.GetValue(id)!;
            bool following = parse.GetValue(watch) || parse.GetValue(wait);
            var limit = parse.GetValue(timeout);
            if (limit is not null && !following)
            {
                throw new ArgumentException("--timeout needs --wait or --watch.");
            }

            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli);
            var console = cli.CreateConsole();
            var poll = parse.GetValue(interval) ?? DefaultInterval;
            if (!following)
            {
                var view = await client.GetUpgradeAsync(upgradeId, ct);
                WriteView(cli, console, view, parse.GetValue(json));
                return ExitCodes.Ok;
            }

            using var deadline = new CancellationTokenSource();
            if (limit is { } span)
            {
                deadline.CancelAfter(span);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            try
            {
                UpgradeView final;
                if (parse.GetValue(watch) && !parse.GetValue(json))
                {
                    final = await UpgradeFollower.FollowAsync(client, upgradeId, console, poll, linked.Token);
                }
                else
                {
                    final = await WaitAsync(client, upgradeId, poll, cli, console, parse.GetValue(json), linked.Token);
                    WriteView(cli, console, final, parse.GetValue(json));
                }

                return ExitCodes.ForOutcome(final.Outcome);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                var view = await client.GetUpgradeAsync(upgradeId, CancellationToken.None);
                await cli.Error.WriteLineAsync($"seamless: {upgradeId} still {view.Status} (phase {view.Phase}) after {limit}; the release continues on the server.");
                return ExitCodes.Timeout;
            }
        });
        return command;
    }

    /// <summary><c>seamless list [--site] [--status] [--limit] [--json]</c>.</summary>
    public static Command List(CliContext cli)
    {
        var site = new Option<string?>("--site") { Description = "A site resource id or site name." };
        var status = new Option<string?>("--status") { Description = "active, Running, Completed, Failed, Terminated, Promoted, AlreadyServing, RolledBack, Rejected or Aborted." };
        var limit = new Option<int?>("--limit") { Description = "How many of the newest (1-200, default 20)." };
        var json = JsonOption();
        var command = new Command("list", "List releases, running and finished, newest first.") { site, status, limit, json };
        var connection = ApiConnection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli);
            var result = await client.GetJsonAsync("api/upgrades" + Query(("site", parse.GetValue(site)), ("status", parse.GetValue(status)), ("limit", parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture))), ct);
            if (parse.GetValue(json))
            {
                WriteJson(cli, result);
                return ExitCodes.Ok;
            }

            var items = result.GetProperty("upgrades").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                await cli.Out.WriteLineAsync("No upgrades.");
                return ExitCodes.Ok;
            }

            var rows = items.Select(i => new[]
            {
                Text(i, "id"), SiteName(Text(i, "site")), Text(i, "version"), Text(i, "outcome") is { Length: > 0 } o ? o : Text(i, "status"),
                Text(i, "phase"), Time(i, "startedAt"), Time(i, "finishedAt"),
            }).ToList();
            WriteTable(cli, ["ID", "SITE", "VERSION", "STATUS", "PHASE", "STARTED", "FINISHED"], rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>seamless approve &lt;id&gt; [--by]</c>.</summary>
    public static Command Approve(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "The upgrade waiting for approval." };
        var by = new Option<string?>("--by") { Description = "Your name, for the timeline (default: $USER)." };
        var command = new Command("approve", "Approve an upgrade that waits for approval (needs an approver key when approver keys are configured).") { id, by };
        var connection = ApiConnection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli);
            string upgradeId = parse.GetValue(id)!;
            await client.PostJsonAsync(SeamlessApiClient.UpgradeRoute(upgradeId) + "/approve" + Query(("by", parse.GetValue(by) ?? cli.Variable("USER"))), null, ct);
            await cli.Out.WriteLineAsync($"Approved {upgradeId}; follow it: seamless status {upgradeId} --watch");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>seamless abort &lt;id&gt; [--reason] [--by]</c>.</summary>
    public static Command Abort(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "The running upgrade." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the timeline." };
        var by = new Option<string?>("--by") { Description = "Your name, for the timeline (default: $USER)." };
        var command = new Command("abort", "Abort a running upgrade; Seamless restores the site (routing to 0 %, slot config reset, swap back).") { id, reason, by };
        var connection = ApiConnection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli);
            string upgradeId = parse.GetValue(id)!;
            await client.PostJsonAsync(SeamlessApiClient.UpgradeRoute(upgradeId) + "/abort" + Query(("reason", parse.GetValue(reason)), ("by", parse.GetValue(by) ?? cli.Variable("USER"))), null, ct);
            await cli.Out.WriteLineAsync($"Abort sent to {upgradeId}; the site is being restored: seamless status {upgradeId} --watch");
            return ExitCodes.Ok;
        });
        return command;
    }

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
        var limit = new Option<int?>("--limit") { Description = "How many of the latest entries (1-500, default 50)." };
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

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the API's JSON." };

    private static async Task<UpgradeView> WaitAsync(SeamlessApiClient client, string id, TimeSpan poll, CliContext cli, IAnsiConsole console, bool json, CancellationToken ct)
    {
        bool prompted = false;
        while (true)
        {
            var view = await client.GetUpgradeAsync(id, ct);
            if (UpgradeFollower.IsFinished(view))
            {
                return view;
            }

            // Even a quiet wait says why it is not moving.
            bool waiting = view.Phase == Workflows.Upgrade.UpgradePhases.Approval;
            if (waiting && !prompted && !json)
            {
                console.MarkupLine($"[yellow]{Markup.Escape(UpgradeFollower.ApprovalPrompt(id))}[/]");
            }
            else if (waiting && !prompted)
            {
                await cli.Error.WriteLineAsync(UpgradeFollower.ApprovalPrompt(id));
            }

            prompted = waiting;
            await Task.Delay(poll, ct);
        }
    }

    private static void WriteView(CliContext cli, IAnsiConsole console, UpgradeView view, bool json)
    {
        if (json)
        {
            cli.Out.WriteLine(JsonSerializer.Serialize(view, IndentedWorkflow));
            return;
        }

        console.MarkupLine($"[bold]{Markup.Escape(view.Id)}[/]  {Markup.Escape(view.Outcome ?? view.Status)}  {Markup.Escape(UpgradeFollower.PhaseLine(view))}");
        console.MarkupLine($"  site {Markup.Escape(view.Site ?? "?")} · version {Markup.Escape(view.Version ?? "?")} · started {view.CreatedAt:u}");
        if (view.LatestVerdict is { } verdict)
        {
            console.MarkupLine($"  latest verdict: {Markup.Escape(verdict.Gate.ToString())}: {verdict.Outcome} — {Markup.Escape(verdict.Message)}");
        }

        foreach (var entry in view.Timeline.TakeLast(5))
        {
            console.MarkupLine($"  [grey]{entry.At:HH:mm:ss}[/] {Markup.Escape(entry.Phase),-11} {Markup.Escape(entry.Message)}");
        }

        if (UpgradeFollower.IsFinished(view))
        {
            console.MarkupLine($"  {Markup.Escape(view.Outcome ?? view.Status)}: {Markup.Escape(view.Reason ?? string.Empty)}");
        }
        else if (view.Phase == Workflows.Upgrade.UpgradePhases.Approval)
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(UpgradeFollower.ApprovalPrompt(view.Id))}[/]");
        }
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

    private static void WriteJson(CliContext cli, JsonElement element) => cli.Out.WriteLine(JsonSerializer.Serialize(element, Indented));

    private static void WriteTable(CliContext cli, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        cli.Out.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            cli.Out.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? string.Empty : "?" + string.Join('&', present);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "?";

    private static string Percent(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "-";

    private static string SiteName(string id) => id.Length == 0 ? "-" : id[(id.LastIndexOf('/') + 1)..];
}
