using System.CommandLine;
using Microsoft.Extensions.Logging;
using Seamless.Api;
using Seamless.Host.Cli;
using Seamless.Host.Demo;
using Seamless.Host.Reports;
using Seamless.Host.Serving;
using Spectre.Console;

namespace Seamless.Host;

/// <summary>The <c>seamless</c> CLI: serve, demo, upgrade, status, list, approve, abort, scale-in, decisions, plans, report, what-if.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args, CliContext.FromProcess(), CancellationToken.None);

    /// <summary>
    /// Runs the CLI against <paramref name="cli"/>'s writers: usage mistakes exit 2 and other errors 1, each with one
    /// line on stderr naming the flag or setting and how to fix it — never a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CliContext cli, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var examples = new CliExamples();
        var root = new RootCommand("Seamless: imperceptible upgrades and scale-in for Azure App Service.")
        {
            examples.Add(ServeCommand(), "seamless serve --simulate --urls http://127.0.0.1:7071 --data ~/.seamless/simulate"),
            examples.Add(DemoCommand(cli), "seamless demo"),
            examples.Add(UpgradeCommand(cli), "seamless upgrade --site /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Web/sites/<app> --version v2 --strategy canary"),
            examples.Add(ApiCommands.Status(cli), "seamless status upgrade:app-demo:0123456789ab --wait --timeout 30m"),
            examples.Add(ApiCommands.List(cli), "seamless list --site app-demo --status active"),
            examples.Add(ApiCommands.Approve(cli), "seamless approve upgrade:app-demo:0123456789ab"),
            examples.Add(ApiCommands.Abort(cli), "seamless abort upgrade:app-demo:0123456789ab --reason \"errors in checkout\""),
            ScaleInGroup(cli, examples),
            examples.Add(ApiCommands.Decisions(cli), "seamless decisions --plan plan-demo --limit 20"),
            examples.Add(ApiCommands.Plans(cli), "seamless plans --json"),
            examples.Add(ReportCommand(cli), "seamless report upgrade upgrade:app-demo:0123456789ab --out report.html"),
            examples.Add(WhatIfCommands.Create(cli), "seamless what-if --trace load.csv --format table"),
        };
        examples.Install(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !CliExamples.IsHelp(parse))
        {
            // An unknown word explains the rest ("frob" also leaves the required command missing): name it first.
            var error = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) ?? parse.Errors[0];
            await cli.Error.WriteLineAsync($"seamless: {error.Message} (see 'seamless {CommandPath(parse)}--help')");
            return ExitCodes.Usage;
        }

        try
        {
            // The default handler would print "Unhandled exception" and a stack trace; the user gets one line instead.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = cli.Out, Error = cli.Error }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException or ArgumentException or FormatException or UnauthorizedAccessException or System.Text.Json.JsonException or Microsoft.Extensions.Options.OptionsValidationException or SeamlessApiException)
        {
            await cli.Error.WriteLineAsync($"seamless: {OneLine(ex)}");
            return ExitCodes.Error;
        }
    }

    private static Command ScaleInGroup(CliContext cli, CliExamples examples)
    {
        var group = ApiCommands.ScaleIn(cli);
        examples.Add(group.Subcommands.Single(c => c.Name == "run"), "seamless scale-in run --plan plan-demo --dry-run");
        return group;
    }

    /// <summary>
    /// An exception's message as one line (options validation joins its failures), without the " (Parameter 'x')" an
    /// argument exception appends: the user named no parameter.
    /// </summary>
    internal static string OneLine(Exception ex)
    {
        string message = ex.Message;
        if (ex is ArgumentException { ParamName: { } name } && message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal))
        {
            message = message[..^$" (Parameter '{name}')".Length];
        }

        return message.ReplaceLineEndings(" ").Trim();
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names.Count == 0 ? string.Empty : string.Join(' ', names) + " ";
    }

    private static Command DemoCommand(CliContext cli)
    {
        var scale = new Option<double>("--time-scale") { CustomParser = CliNumbers.Number, Description = "Simulated seconds per real second.", DefaultValueFactory = _ => DemoRunner.DefaultTimeScale };
        var data = new Option<string?>("--data") { Description = "Directory for durable state (default: a temporary directory)." };
        var command = new Command("demo", "Run the whole flow on a simulated fleet: canary upgrade, rolled-back bad build, verified scale-in.") { scale, data };
        command.SetAction((parse, ct) => new DemoRunner(cli.CreateConsole()).RunAsync(Check(parse.GetValue(scale)), parse.GetValue(data), ct));
        return command;
    }

    private static Command ServeCommand()
    {
        var urls = new Option<string>("--urls") { Description = "Listen URLs.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var simulate = new Option<bool>("--simulate") { Description = "Use an in-process simulator of the Azure APIs." };
        var endpoint = new Option<Uri?>("--azure-endpoint") { Description = "Send ARM, metrics and probe calls to this base URL (e.g. a standalone simulator) with a static token.", CustomParser = ParseUri };
        var token = new Option<string>("--token") { Description = "Static bearer token for --azure-endpoint.", DefaultValueFactory = _ => "simulator" };
        var data = new Option<string>("--data") { Description = "Directory for durable state, owned by one process and bound to one Azure scope (default: ~/.seamless/default).", DefaultValueFactory = _ => DataFolder.DefaultPath };
        var scale = new Option<double>("--time-scale") { CustomParser = CliNumbers.Number, Description = "Simulated seconds per real second (shared with the simulator).", DefaultValueFactory = _ => 1 };
        var fleet = new Option<string?>("--fleet") { Description = "Fleet file for --simulate." };
        var virtualTime = new Option<bool>("--virtual-time") { Description = "Run on virtual time (jumps when all is quiet): with --simulate, shared with the in-process simulator; with --azure-endpoint, driving a simulator started with --driven-time." };
        var command = new Command("serve", "Run the API, the embedded engine and the scale-in timer.") { urls, simulate, endpoint, token, data, scale, fleet, virtualTime };
        command.SetAction(async (parse, ct) =>
        {
            var endpointValue = parse.GetValue(endpoint);
            if (parse.GetValue(simulate) && endpointValue is not null)
            {
                throw new ArgumentException("--simulate and --azure-endpoint are mutually exclusive.");
            }

            if (endpointValue is not null && !endpointValue.IsAbsoluteUri)
            {
                throw new ArgumentException("--azure-endpoint must be an absolute URL.");
            }

            if (parse.GetValue(virtualTime) && !parse.GetValue(simulate) && endpointValue is null)
            {
                throw new ArgumentException("--virtual-time needs a simulator: --simulate, or --azure-endpoint of one started with --driven-time.");
            }

            if (parse.GetValue(virtualTime) && parse.GetResult(scale) is { Implicit: false })
            {
                throw new ArgumentException("--virtual-time and --time-scale are mutually exclusive: virtual time jumps, it does not run at a speed.");
            }

            ServeChecks.Check(parse.GetValue(data)!, parse.GetValue(fleet), parse.GetValue(simulate));
            var settings = new ServeSettings
            {
                Urls = parse.GetValue(urls)!,
                Simulate = parse.GetValue(simulate),
                AzureEndpoint = endpointValue,
                Token = parse.GetValue(token)!,
                DataDirectory = parse.GetValue(data)!,
                TimeScale = Check(parse.GetValue(scale)),
                FleetFile = parse.GetValue(fleet),
                VirtualTime = parse.GetValue(virtualTime),
            };
            await using var server = await ServeChecks.StartAsync(settings, ct);
            Console.WriteLine($"Seamless listening on {server.BaseAddress}" + (server.Simulator is null ? string.Empty : $" (simulator at {server.Simulator.BaseAddress})"));
            await server.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    private static Command UpgradeCommand(CliContext cli)
    {
        var secret = new Option<string?>("--secret") { Description = "Webhook HMAC secret (default: $SEAMLESS_WEBHOOK_SECRET)." };
        var site = new Option<string>("--site") { Description = "Site resource id.", Required = true };
        var version = new Option<string>("--version") { Description = "Build id deployed to the source slot.", Required = true };
        var source = new Option<string>("--source-slot") { Description = "Source slot.", DefaultValueFactory = _ => "staging" };
        var target = new Option<string>("--target-slot") { Description = "Target slot.", DefaultValueFactory = _ => "production" };
        var strategy = new Option<string>("--strategy") { Description = "swap or canary.", DefaultValueFactory = _ => "swap" };
        var delivery = new Option<string?>("--delivery") { Description = "Delivery id (idempotency key)." };
        var command = new Command("upgrade", "Start an upgrade and follow it live until its outcome (exit 0 only when promoted; see the exit codes in the README).") { secret, site, version, source, target, strategy, delivery };
        var connection = ApiConnection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli, parse.GetValue(secret) ?? cli.Variable("SEAMLESS_WEBHOOK_SECRET"));
            var console = cli.CreateConsole();
            // The delivery id goes in the body too, where the signature covers it: a resent body maps to
            // the same upgrade, and a new run (new id) can release the same version again.
            string deliveryId = parse.GetValue(delivery) ?? Guid.NewGuid().ToString("N");
            var (status, id, body) = await client.StartUpgradeAsync(
                new { site = parse.GetValue(site), sourceSlot = parse.GetValue(source), targetSlot = parse.GetValue(target), version = parse.GetValue(version), strategy = parse.GetValue(strategy), deliveryId },
                deliveryId,
                ct);
            if (id is null)
            {
                throw SeamlessApiException.From(status, body);
            }

            console.MarkupLine($"Upgrade [blue]{Markup.Escape(id)}[/] ({(int)status}); Ctrl+C stops following, not the release.");
            var view = await UpgradeFollower.FollowAsync(client, id, console, ApiCommands.DefaultInterval, ct);
            return ExitCodes.ForOutcome(view.Outcome);
        });
        return command;
    }

    private static Command ReportCommand(CliContext cli)
    {
        var output = new Option<string?>("--out") { Description = "HTML file to write (default: upgrade-<id>.html)." };
        var id = new Argument<string>("id") { Description = "The upgrade id." };
        var upgrade = new Command("upgrade", "Write a self-contained HTML report of an upgrade: timeline, verdicts and the slots' metrics charted (read by the host: no Azure credentials needed here).") { id, output };
        var connection = ApiConnection.AddTo(upgrade);
        upgrade.SetAction(async (parse, ct) =>
        {
            using var http = connection.CreateHttp(parse, cli);
            var client = connection.CreateClient(http, parse, cli);
            string upgradeId = parse.GetValue(id)!;
            var view = await client.GetUpgradeAsync(upgradeId, ct);
            UpgradeMetricsView? metrics = null;
            string? unavailable = null;
            try
            {
                metrics = await client.GetUpgradeMetricsAsync(upgradeId, ct);
            }
            catch (SeamlessApiException ex)
            {
                // The upgrade was read: a report without charts still says what happened, and why the charts are missing.
                unavailable = OneLine(ex);
            }

            string path = parse.GetValue(output) ?? $"upgrade-{upgradeId.Replace(':', '-')}.html";
            await File.WriteAllTextAsync(path, UpgradeReport.Render(view, metrics, unavailable), ct);
            await cli.Out.WriteLineAsync($"Wrote {Path.GetFullPath(path)}" + (unavailable is null ? string.Empty : $" (without metrics: {unavailable})"));
            return 0;
        });
        return new Command("report", "Reports.") { upgrade };
    }

    /// <summary>System.CommandLine 2 has no built-in <see cref="Uri"/> parser: without this every URL option failed at invocation.</summary>
    internal static Uri ParseUri(System.CommandLine.Parsing.ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (Uri.TryCreate(token, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        result.AddError($"'{token}' is not an absolute URL.");
        return null!;
    }

    private static double Check(double scale) =>
        scale is >= 1 and <= 100_000 ? scale : throw new ArgumentException($"--time-scale {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range: simulated seconds per real second, from 1 (real time) to 100000.");
}
