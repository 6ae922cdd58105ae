using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Seamless.Api;
using Spectre.Console;

namespace Seamless.Host.Cli;

/// <content>The upgrade commands: <c>status</c>, <c>list</c>, <c>approve</c> and <c>abort</c>.</content>
public static partial class ApiCommands
{
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
        var limit = new Option<int?>("--limit") { CustomParser = CliNumbers.OptionalWholeNumber, Description = "How many of the newest (1-200, default 20)." };
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
}
