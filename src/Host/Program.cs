using System.CommandLine;
using Microsoft.Extensions.Logging;
using Seamless.Host.Cli;
using Seamless.Host.Demo;
using Seamless.Host.Reports;
using Seamless.Host.Serving;
using Seamless.Workflows.Upgrade;
using Spectre.Console;

namespace Seamless.Host;

/// <summary>The <c>seamless</c> CLI: demo, serve, upgrade, report, what-if.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Seamless: imperceptible upgrades and scale-in for Azure App Service.")
        {
            DemoCommand(),
            ServeCommand(),
            UpgradeCommand(),
            ReportCommand(),
            WhatIfCommands.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"seamless: {parse.Errors[0].Message} (see 'seamless --help')");
            return 2;
        }

        try
        {
            // The default handler would print "Unhandled exception" and a stack trace; the user gets one line instead.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException or ArgumentException or FormatException or UnauthorizedAccessException or System.Text.Json.JsonException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"seamless: {ex.Message}");
            return 1;
        }
    }

    private static Command DemoCommand()
    {
        var scale = new Option<double>("--time-scale") { Description = "Simulated seconds per real second.", DefaultValueFactory = _ => DemoRunner.DefaultTimeScale };
        var data = new Option<string?>("--data") { Description = "Directory for durable state (default: a temporary directory)." };
        var command = new Command("demo", "Run the whole flow on a simulated fleet: canary upgrade, rolled-back bad build, verified scale-in.") { scale, data };
        command.SetAction((parse, ct) => new DemoRunner(AnsiConsole.Console).RunAsync(Check(parse.GetValue(scale)), parse.GetValue(data), ct));
        return command;
    }

    private static Command ServeCommand()
    {
        var urls = new Option<string>("--urls") { Description = "Listen URLs.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var simulate = new Option<bool>("--simulate") { Description = "Use an in-process simulator of the Azure APIs." };
        var endpoint = new Option<Uri?>("--azure-endpoint") { Description = "Send ARM, metrics and probe calls to this base URL (e.g. a standalone simulator) with a static token.", CustomParser = ParseUri };
        var token = new Option<string>("--token") { Description = "Static bearer token for --azure-endpoint.", DefaultValueFactory = _ => "simulator" };
        var data = new Option<string>("--data") { Description = "Directory for durable state, owned by one process and bound to one Azure scope (default: ~/.seamless/default).", DefaultValueFactory = _ => DataFolder.DefaultPath };
        var scale = new Option<double>("--time-scale") { Description = "Simulated seconds per real second (shared with the simulator).", DefaultValueFactory = _ => 1 };
        var fleet = new Option<string?>("--fleet") { Description = "Fleet file for --simulate." };
        var command = new Command("serve", "Run the API, the embedded engine and the scale-in timer.") { urls, simulate, endpoint, token, data, scale, fleet };
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

            var settings = new ServeSettings
            {
                Urls = parse.GetValue(urls)!,
                Simulate = parse.GetValue(simulate),
                AzureEndpoint = endpointValue,
                Token = parse.GetValue(token)!,
                DataDirectory = parse.GetValue(data)!,
                TimeScale = Check(parse.GetValue(scale)),
                FleetFile = parse.GetValue(fleet),
            };
            await using var server = await SeamlessServer.StartAsync(settings, LogLevel.Information, ct);
            Console.WriteLine($"Seamless listening on {server.BaseAddress}" + (server.Simulator is null ? string.Empty : $" (simulator at {server.Simulator.BaseAddress})"));
            await server.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    private static Command UpgradeCommand()
    {
        var url = new Option<Uri>("--url") { Description = "Seamless API base URL.", DefaultValueFactory = _ => new Uri("http://127.0.0.1:7071/"), CustomParser = ParseUri };
        var key = new Option<string?>("--key") { Description = "API key (default: $SEAMLESS_API_KEY)." };
        var secret = new Option<string?>("--secret") { Description = "Webhook HMAC secret (default: $SEAMLESS_WEBHOOK_SECRET)." };
        var site = new Option<string>("--site") { Description = "Site resource id.", Required = true };
        var version = new Option<string>("--version") { Description = "Build id deployed to the source slot.", Required = true };
        var source = new Option<string>("--source-slot") { Description = "Source slot.", DefaultValueFactory = _ => "staging" };
        var target = new Option<string>("--target-slot") { Description = "Target slot.", DefaultValueFactory = _ => "production" };
        var strategy = new Option<string>("--strategy") { Description = "swap or canary.", DefaultValueFactory = _ => "swap" };
        var delivery = new Option<string?>("--delivery") { Description = "Delivery id (idempotency key)." };
        var command = new Command("upgrade", "Start an upgrade and follow it live until its outcome (exit 0 only when promoted).") { url, key, secret, site, version, source, target, strategy, delivery };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = WithSlash(parse.GetValue(url)!), Timeout = TimeSpan.FromSeconds(30) };
            var client = new SeamlessApiClient(http, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("SEAMLESS_API_KEY"), parse.GetValue(secret) ?? Environment.GetEnvironmentVariable("SEAMLESS_WEBHOOK_SECRET"));
            // The delivery id goes in the body too, where the signature covers it: a resent body maps to
            // the same upgrade, and a new run (new id) can release the same version again.
            string deliveryId = parse.GetValue(delivery) ?? Guid.NewGuid().ToString("N");
            var (status, id, body) = await client.StartUpgradeAsync(
                new { site = parse.GetValue(site), sourceSlot = parse.GetValue(source), targetSlot = parse.GetValue(target), version = parse.GetValue(version), strategy = parse.GetValue(strategy), deliveryId },
                deliveryId,
                ct);
            if (id is null)
            {
                throw new InvalidOperationException($"the API refused the upgrade ({(int)status}): {SeamlessApiClient.Detail(body)}");
            }

            AnsiConsole.MarkupLine($"Upgrade [blue]{Markup.Escape(id)}[/] ({(int)status})");
            var view = await UpgradeFollower.FollowAsync(client, id, AnsiConsole.Console, TimeSpan.FromSeconds(2), ct);
            return view.Outcome is nameof(UpgradeOutcome.Promoted) or nameof(UpgradeOutcome.AlreadyServing) ? 0 : 1;
        });
        return command;
    }

    private static Command ReportCommand()
    {
        var url = new Option<Uri>("--url") { Description = "Seamless API base URL.", DefaultValueFactory = _ => new Uri("http://127.0.0.1:7071/"), CustomParser = ParseUri };
        var key = new Option<string?>("--key") { Description = "API key (default: $SEAMLESS_API_KEY)." };
        var output = new Option<string?>("--out") { Description = "HTML file to write (default: upgrade-<id>.html)." };
        var metrics = new Option<Uri?>("--azure-endpoint") { Description = "Read metric charts from this endpoint (a simulator) instead of Azure.", CustomParser = ParseUri };
        var id = new Argument<string>("id") { Description = "The upgrade id." };
        var upgrade = new Command("upgrade", "Write a self-contained HTML report of an upgrade.") { id, url, key, output, metrics };
        upgrade.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = WithSlash(parse.GetValue(url)!), Timeout = TimeSpan.FromSeconds(30) };
            var client = new SeamlessApiClient(http, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("SEAMLESS_API_KEY"));
            string upgradeId = parse.GetValue(id)!;
            var view = await client.GetUpgradeAsync(upgradeId, ct);
            var charts = await UpgradeMetricsReader.ReadAsync(view, parse.GetValue(metrics), ct);
            string path = parse.GetValue(output) ?? $"upgrade-{upgradeId.Replace(':', '-')}.html";
            await File.WriteAllTextAsync(path, UpgradeReport.Render(view, charts), ct);
            Console.WriteLine($"Wrote {Path.GetFullPath(path)}");
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
        scale is >= 1 and <= 100_000 ? scale : throw new ArgumentException("--time-scale must be between 1 and 100000.");

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
