using System.Text.Json;
using System.Text.RegularExpressions;
using Seamless.Host.Tests.Cli;

namespace Seamless.Host.Tests.Reports;

/// <summary>
/// <c>seamless report upgrade</c> as an operator runs it: against a running self-hosted server on a simulated fleet,
/// with only <c>SEAMLESS_URL</c> and <c>SEAMLESS_API_KEY</c> (or <c>--url</c>/<c>--key</c>) and no Azure credentials —
/// the metrics come from the host.
/// </summary>
public sealed partial class ReportCommandTests : IAsyncLifetime
{
    private const string Key = "report-tests-key-0123456789abcdef";

    private string _out = string.Empty;
    private SelfHostedServer _server = null!;

    public async Task InitializeAsync()
    {
        _out = Path.Combine(Path.GetTempPath(), "seamless-report-" + Guid.NewGuid().ToString("N") + ".html");
        _server = await SelfHostedServer.StartAsync(SelfHostedServer.KeyOnly(Key), clientKey: Key);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(_out);
    }

    [Fact]
    public async Task ReportUpgrade_PromotedReleaseFromTheEnvironmentOnly_WritesChartsWithTimeTicksPhaseMarkersAndTheSwap()
    {
        string id = await StartAndFinishAsync();
        // Only the API's address and key: no AZURE_* variables, no static token, no endpoint override.
        var env = new Dictionary<string, string> { ["SEAMLESS_URL"] = _server.BaseAddress.ToString(), ["SEAMLESS_API_KEY"] = Key };

        var result = await CliRunner.RunAsync(env, "report", "upgrade", id, "--out", _out);

        result.Exit.ShouldBe(0, result.ToString());
        result.Output.Trim().ShouldBe($"Wrote {_out}");
        string html = await File.ReadAllTextAsync(_out);
        html.ShouldNotContain("Metrics were not available");
        Regex.Count(html, "<svg class=\"chart\"").ShouldBe(3);
        var ticks = TickLabelPattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
        ticks.Count.ShouldBeGreaterThanOrEqualTo(3 * 3);
        ticks.ShouldAllBe(t => TimePattern().IsMatch(t));
        html.ShouldContain("time (UTC)");
        html.ShouldContain("— WarmingUp</title>");
        html.ShouldContain("— Swapping</title>");
        html.ShouldContain("— Guarding</title>");
        html.ShouldContain("<g class=\"marker swap\">");
        html.ShouldContain(">production (serving)</text>");
        html.ShouldContain(">staging (new build; canary share)</text>");
        Regex.Count(html, "<polyline ").ShouldBeGreaterThanOrEqualTo(3);
        html.ShouldContain("<th>Requested version</th><td>v2</td>");
        html.ShouldContain("<th>Observed builds</th>");
    }

    [Fact]
    public async Task ReportUpgrade_UrlAndKeyOptions_SameReportWithoutEnvironment()
    {
        string id = await StartAndFinishAsync();

        var result = await CliRunner.RunAsync(null, "report", "upgrade", id, "--out", _out, "--url", _server.BaseAddress.ToString(), "--key", Key);

        result.Exit.ShouldBe(0, result.ToString());
        string html = await File.ReadAllTextAsync(_out);
        Regex.Count(html, "<svg class=\"chart\"").ShouldBe(3);
        html.ShouldContain("<g class=\"marker phase\">");
    }

    [Fact]
    public async Task ReportUpgrade_UnknownUpgrade_OneLine404AndNoFile()
    {
        var result = await CliRunner.RunAsync(null, "report", "upgrade", "upgrade:app-demo:0123456789ab", "--out", _out, "--url", _server.BaseAddress.ToString(), "--key", Key);

        result.Exit.ShouldBe(1);
        result.ErrorLines.ShouldHaveSingleItem().ShouldBe("seamless: 404 Not found: No upgrade 'upgrade:app-demo:0123456789ab'.");
        File.Exists(_out).ShouldBeFalse();
    }

    private async Task<string> StartAndFinishAsync()
    {
        string id = await _server.StartUpgradeAsync("v2", "report-" + Guid.NewGuid().ToString("N"), new { guardWindow = "00:03:00", guardInterval = "00:01:00" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            using var doc = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/upgrades/" + Uri.EscapeDataString(id), cts.Token));
            if (doc.RootElement.GetProperty("status").GetString() is not ("Pending" or "Running"))
            {
                doc.RootElement.GetProperty("outcome").GetString().ShouldBe("Promoted", doc.RootElement.ToString());
                return id;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    [GeneratedRegex("<text class=\"tick-label\"[^>]*>([^<]*)</text>")]
    private static partial Regex TickLabelPattern();

    [GeneratedRegex(@"^[0-2][0-9]:[0-5][0-9]$")]
    private static partial Regex TimePattern();
}
