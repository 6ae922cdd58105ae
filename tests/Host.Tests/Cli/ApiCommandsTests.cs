using System.Text.Json;
using Seamless.Simulator.Fleet;

namespace Seamless.Host.Tests.Cli;

/// <summary>
/// The operator commands against a real self-hosted server on a simulated fleet, run in process with captured
/// output: <c>--json</c> on every read command, the approval prompt and exit codes of <c>status --wait</c>, and
/// refusals as one line.
/// </summary>
public sealed class ApiCommandsTests : IAsyncLifetime
{
    private const string Key = "cli-tests-key-0123456789abcdef";

    private SelfHostedServer _server = null!;
    private Dictionary<string, string> _env = null!;

    public async Task InitializeAsync()
    {
        _server = await SelfHostedServer.StartAsync(SelfHostedServer.KeyOnly(Key), clientKey: Key);
        _env = new Dictionary<string, string> { ["SEAMLESS_URL"] = _server.BaseAddress.ToString(), ["SEAMLESS_API_KEY"] = Key };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("list", "upgrades")]
    [InlineData("plans", "plans")]
    [InlineData("plans plan-demo", "sites")]
    [InlineData("decisions", "decisions")]
    [InlineData("scale-in run --dry-run", "decisions")]
    public async Task ReadCommand_Json_PrintsTheApiJson(string command, string property)
    {
        var result = await CliRunner.RunAsync(_env, [.. command.Split(' '), "--json"]);

        result.Exit.ShouldBe(0, result.ToString());
        using var doc = JsonDocument.Parse(result.Output);
        doc.RootElement.TryGetProperty(property, out _).ShouldBeTrue(result.ToString());
    }

    [Fact]
    public async Task ScaleInRun_DryRunByPlanName_PrintsTheDecisionWithItsRule()
    {
        var result = await CliRunner.RunAsync(_env, "scale-in", "run", "--plan", DefaultFleet.PlanName, "--dry-run");

        result.Exit.ShouldBe(0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("Dry run: decided now, nothing changed or recorded.");
        lines[1].ShouldStartWith($"{DefaultFleet.PlanName}: ");
        lines[1].ShouldContain(" · rule ");
        lines[1].ShouldContain(" · next eligible ");
        _server.Simulator!.State.Operations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Plans_AfterASweep_PrintsHowThePlanKeptThePromise()
    {
        var run = await CliRunner.RunAsync(_env, "scale-in", "run", "--plan", DefaultFleet.PlanName);
        run.Exit.ShouldBe(0, run.ToString());

        var result = await CliRunner.RunAsync(_env, "plans", DefaultFleet.PlanName);

        result.Exit.ShouldBe(0, result.ToString());
        var line = result.Output.Split('\n').Where(l => l.StartsWith("  promise ", StringComparison.Ordinal)).ShouldHaveSingleItem();
        line.ShouldMatch(@"^  promise (kept|missed) on the [0-9.]+ days held: [0-9,]+ of [0-9,]+ minutes overloaded \([0-9.]+ %; the budget of 0\.1 % allows [0-9.]+\), [0-9,]+ of [0-9,]+ in the last day.* \(through .+\)\r?$");
        result.Output.Split('\n').Select(l => l.TrimEnd('\r')).ShouldContain("  the shared policy: headroom Learned, budget 0.1 % of minutes, provisioning delay 3 min, 2–30 instances");
    }

    [Fact]
    public async Task StatusWaitApproveStatusWait_ARelease_PromptsTimesOutThenPromoted()
    {
        string id = await StartWaitingForApprovalAsync();
        CliResult waiting, listed, json, approved;
        using (await _server.Server.HoldAtPhaseAsync(id, "Approval"))
        {
            waiting = await CliRunner.RunAsync(_env, "status", id, "--wait", "--timeout", "3s", "--interval", "0.2s");
            listed = await CliRunner.RunAsync(_env, "list", "--status", "active");
            json = await CliRunner.RunAsync(_env, "status", id, "--json");
            approved = await CliRunner.RunAsync(_env, "approve", id, "--by", "alice");
        }

        var done = await CliRunner.RunAsync(_env, "status", id, "--wait", "--timeout", "120s", "--interval", "0.2s");

        waiting.Exit.ShouldBe(7, waiting.ToString());
        waiting.Output.ShouldContain($"waiting for approval — `seamless approve {id}`");
        waiting.ErrorLines.ShouldHaveSingleItem().ShouldContain("the release continues on the server");
        listed.Output.ShouldContain(id);
        listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].ShouldStartWith("ID");
        JsonDocument.Parse(json.Output).RootElement.GetProperty("phase").GetString().ShouldBe("Approval");
        approved.Exit.ShouldBe(0, approved.ToString());
        done.Exit.ShouldBe(0, done.ToString());
        done.Output.ShouldContain("Promoted");
    }

    [Fact]
    public async Task Abort_UnknownUpgrade_OneLineWithTheProblemAndExit1()
    {
        var result = await CliRunner.RunAsync(_env, "abort", "upgrade:app-demo:0123456789ab");

        result.Exit.ShouldBe(1);
        result.ErrorLines.ShouldHaveSingleItem().ShouldBe("seamless: 404 Not found: No upgrade 'upgrade:app-demo:0123456789ab'.");
    }

    [Fact]
    public async Task List_WrongKey_OneLine401SayingHowToFixIt()
    {
        var env = new Dictionary<string, string>(_env) { ["SEAMLESS_API_KEY"] = "wrong-key-0123456789abcdef" };

        var result = await CliRunner.RunAsync(env, "list");

        result.Exit.ShouldBe(1);
        var line = result.ErrorLines.ShouldHaveSingleItem();
        line.ShouldStartWith("seamless: 401 Unauthorized");
        line.ShouldEndWith("(pass --key or set SEAMLESS_API_KEY)");
    }

    [Fact]
    public async Task Plans_HostUnreachable_OneLineNamingTheUrl()
    {
        var result = await CliRunner.RunAsync(null, "plans", "--url", $"http://127.0.0.1:{FreePort.Next()}");

        result.Exit.ShouldBe(1);
        var line = result.ErrorLines.ShouldHaveSingleItem();
        line.ShouldStartWith("seamless: cannot reach the Seamless API at http://127.0.0.1:");
        line.ShouldContain("--url");
    }

    [Theory]
    [InlineData("frobnicate", "Unrecognized command or argument 'frobnicate'")]
    [InlineData("list --colour", "Unrecognized command or argument '--colour'")]
    [InlineData("status", "Required argument 'id' missing for command: 'status'")]
    [InlineData("status upgrade:app-demo:0123456789ab --timeout 5m", "--timeout needs --wait or --watch")]
    [InlineData("status upgrade:app-demo:0123456789ab --wait --timeout soon", "'soon' is not a duration")]
    public async Task Command_UsageMistake_OneLineAndNonZeroExit(string command, string message)
    {
        var result = await CliRunner.RunAsync(_env, command.Split(' '));

        result.Exit.ShouldNotBe(0);
        result.ErrorLines.ShouldHaveSingleItem().ShouldContain(message);
    }

    [Fact]
    public async Task Help_Root_ListsAnExampleForEveryCommand()
    {
        var result = await CliRunner.RunAsync(null, "--help");

        result.Exit.ShouldBe(0, result.ToString());
        string[] commands = ["serve", "demo", "upgrade", "status", "list", "approve", "abort", "scale-in run", "decisions", "plans", "report upgrade", "what-if"];
        foreach (string command in commands)
        {
            result.Output.Split('\n').ShouldContain(l => l.TrimEnd() == $"  seamless {command}" || l.StartsWith($"  seamless {command} ", StringComparison.Ordinal), command);
        }
    }

    [Theory]
    [InlineData("status")]
    [InlineData("scale-in")]
    [InlineData("scale-in run")]
    public async Task Help_Command_ShowsItsExampleEvenWithoutRequiredArguments(string command)
    {
        var result = await CliRunner.RunAsync(null, [.. command.Split(' '), "--help"]);

        result.Exit.ShouldBe(0, result.ToString());
        result.Output.ShouldContain("Example:");
        result.Output.ShouldContain($"  seamless {command.Split(' ')[0]} ");
    }

    private Task<string> StartWaitingForApprovalAsync() =>
        _server.StartUpgradeAsync(
            "v2",
            "cli-" + Guid.NewGuid().ToString("N"),
            new { approval = new { required = true, timeout = "01:00:00" }, guardWindow = "00:03:00", guardInterval = "00:01:00" });
}
