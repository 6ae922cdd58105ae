using System.Diagnostics;
using Seamless.Host.Demo;
using Seamless.Host.Tests.Support;
using Seamless.Simulator.Fleet;

namespace Seamless.Host.Tests.Cli;

/// <summary>
/// The GitHub Action's script (action.yml runs scripts/ci/upgrade.sh) against a real self-hosted server and its simulator:
/// a timestamped signed delivery, followed to the outcome, with the exit code and the step outputs CI relies on.
/// </summary>
public sealed class UpgradeActionScriptTests : IAsyncLifetime
{
    private const string Key = "action-tests-key-0123456789abcdef";
    private const string Secret = "action-tests-secret-0123456789abcdef";
    private SelfHostedServer _server = null!;

    public async Task InitializeAsync()
    {
        var configuration = DemoRunner.DemoConfiguration(Key);
        configuration["Seamless:Api:WebhookSecret"] = Secret;
        configuration["Seamless:Upgrade:Warmup:LatencyBound"] = "00:00:30";
        configuration["Seamless:Upgrade:Warmup:Timeout"] = "01:00:00";
        _server = await SelfHostedServer.StartAsync(configuration);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Script_BuildInStaging_PromotedExitZeroWithTheStepOutputs()
    {
        var (exit, output, outputs) = await RunAsync("v2", "action-promote");

        exit.ShouldBe(0, output);
        outputs.ShouldContain("outcome=Promoted");
        outputs.ShouldContain("upgrade-id=upgrade:");
        output.ShouldContain("Outcome: Promoted - v2 is serving production");
        _server.Simulator!.State.Snapshot().Site(DefaultFleet.SiteName).Slot("production").Version.ShouldBe("v2");
    }

    [Fact]
    public async Task Script_VersionNotInStaging_RejectedExitFourNamingBothBuilds()
    {
        var (exit, output, outputs) = await RunAsync("v9", "action-reject");

        exit.ShouldBe(4, output);
        outputs.ShouldContain("outcome=Rejected");
        output.ShouldContain("::error::The upgrade was rejected: staging runs v2, not the requested v9");
    }

    [Fact]
    public async Task Script_WrongSecret_RefusedWithTheProblemDetail()
    {
        var (exit, output, _) = await RunAsync("v2", "action-bad-secret", secret: "another-secret-0123456789abcdef");

        exit.ShouldBe(1, output);
        output.ShouldContain("::error::Seamless refused the upgrade (HTTP 401)");
        output.ShouldContain("does not match the timestamp and body");
    }

    private async Task<(int Exit, string Output, string Outputs)> RunAsync(string version, string delivery, string secret = Secret)
    {
        string outputsFile = Path.Combine(_server.DataDirectory, $"{delivery}.outputs");
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "ci", "upgrade.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SEAMLESS_URL"] = _server.BaseAddress.ToString();
        start.Environment["SEAMLESS_API_KEY"] = Key;
        start.Environment["SEAMLESS_WEBHOOK_SECRET"] = secret;
        start.Environment["SITE_ID"] = DefaultFleet.SiteId;
        start.Environment["VERSION"] = version;
        start.Environment["STRATEGY"] = "swap";
        start.Environment["DELIVERY_ID"] = delivery;
        start.Environment["POLL_SECONDS"] = "1";
        start.Environment["TIMEOUT_MINUTES"] = "3";
        start.Environment["GITHUB_OUTPUT"] = outputsFile;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(cts.Token);
        string outputs = File.Exists(outputsFile) ? await File.ReadAllTextAsync(outputsFile) : string.Empty;
        return (process.ExitCode, await stdout + await stderr, outputs);
    }
}
