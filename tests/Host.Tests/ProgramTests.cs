using Seamless.Host.Tests.Support;

namespace Seamless.Host.Tests;

/// <summary>The <c>seamless</c> executable as a user runs it: bad arguments fail fast with one line.</summary>
public sealed class ProgramTests
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("serve --time-scale fast")]
    [InlineData("serve --azure-endpoint not-a-url")]
    [InlineData("serve --virtual-time")]
    [InlineData("serve --simulate --virtual-time --time-scale 60")]
    [InlineData("upgrade --version v2")]
    public async Task Main_BadArguments_ExitsNonZeroWithOneLineMessage(string arguments)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, arguments.Split(' '));

        int exit = await child.WaitForExitAsync(cts.Token);

        exit.ShouldNotBe(0);
        string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, child.Output);
        lines[0].ShouldStartWith("seamless: ");
    }

    [Theory]
    [InlineData("what-if --trace t.csv --days x", "seamless: --days takes a whole number, not 'x'.")]
    [InlineData("what-if --trace t.csv --provisioning-delay 2.5", "seamless: --provisioning-delay takes a whole number, not '2.5'.")]
    [InlineData("what-if --trace t.csv --overload-budget 0,1", "seamless: --overload-budget takes a number (e.g. 0.1), not '0,1'.")]
    [InlineData("what-if --trace t.csv --capacity-per-instance NaN", "seamless: --capacity-per-instance takes a number (e.g. 0.1), not 'NaN'.")]
    [InlineData("what-if --plan p --until soon", "seamless: --until takes an ISO 8601 time (e.g. 2026-12-01T00:00:00Z), not 'soon'.")]
    [InlineData("decisions --limit ten", "seamless: --limit takes a whole number, not 'ten'.")]
    [InlineData("serve --time-scale fast", "seamless: --time-scale takes a number (e.g. 0.1), not 'fast'.")]
    public async Task Main_ANumberOrTimeThatIsNot_NamesTheOptionAndWhatItTakes(string arguments, string expected)
    {
        // The command line's own parser named the .NET type it expected (System.Nullable`1[System.Int32]).
        var (exit, lines) = await RunAsync(RepoPaths.HostDll, arguments.Split(' '));

        exit.ShouldBe(2);
        lines.ShouldHaveSingleItem().ShouldStartWith(expected);
    }

    [Theory]
    [InlineData("Seamless__ScaleIn__Policy__OverloadBudgetPrecent", "0.05", "seamless: Seamless:ScaleIn:Policy:OverloadBudgetPrecent is not a setting; did you mean Seamless:ScaleIn:Policy:OverloadBudgetPercent?")]
    [InlineData("Seamless__ScaleIn__Policy__Window", "10m", "seamless: Seamless:ScaleIn:Policy:Window takes a duration as [d.]hh:mm:ss (e.g. 00:10:00), not '10m'.")]
    public async Task Main_ServeWithAMisspelledSettingOrAValueItCannotTake_ExitsNonZeroWithOneLineNamingIt(string setting, string value, string expected)
    {
        var (exit, lines) = await RunAsync(
            RepoPaths.HostDll,
            ["serve", "--simulate", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data", TempData()],
            new Dictionary<string, string> { ["Seamless__Api__Keys__0"] = "program-tests-key-0123456789", [setting] = value });

        exit.ShouldBe(1);
        lines.ShouldBe([expected]);
    }

    [Fact]
    public async Task Main_ServeWithUrlEndpoint_ParsesTheUrl()
    {
        // --azure-endpoint once failed to parse any URL (System.CommandLine 2 has no Uri parser);
        // an unreachable endpoint now gets as far as contacting it.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--azure-endpoint", $"http://127.0.0.1:{FreePort.Next()}/", "--time-scale", "60", "--data", Path.Combine(Path.GetTempPath(), "seamless-cli-" + Guid.NewGuid().ToString("N")[..8])]);

        int exit = await child.WaitForExitAsync(cts.Token);

        exit.ShouldBe(1, child.Output);
        child.Output.ShouldNotContain("Cannot parse argument");
        child.Output.ShouldStartWith("seamless: ");
    }

    [Fact]
    public async Task Main_ServeWithInvalidRetention_ExitsNonZeroWithOneLineNamingTheSetting()
    {
        // Options are validated at start; the hosting layer's own failure log (a stack trace) must not reach the user.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string data = Path.Combine(Path.GetTempPath(), "seamless-cli-" + Guid.NewGuid().ToString("N")[..8]);
        using var child = ChildProcess.StartDotnet(
            RepoPaths.HostDll,
            ["serve", "--simulate", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data", data],
            new Dictionary<string, string> { ["Seamless__Api__Keys__0"] = "program-tests-key-0123456789", ["Seamless__Retention__Deliveries"] = "00:00:01" });

        int exit = await child.WaitForExitAsync(cts.Token);
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        exit.ShouldBe(1, child.Output);
        string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, child.Output);
        lines[0].ShouldStartWith("seamless: Seamless:Retention:Deliveries ");
    }

    [Theory]
    [InlineData("Seamless__Notifications__Webhooks__0__Url", "http://hooks.example.com/seamless", "seamless: Seamless:Notifications:Webhooks:0:Url must be an absolute https URL")]
    [InlineData("Seamless__Notifications__Webhooks__0__Format", "Slack", "seamless: Seamless:Notifications:Webhooks:0:Format must be CloudEvents or Text")]
    public async Task Main_ServeWithInvalidWebhook_ExitsNonZeroWithOneLineNamingTheSetting(string setting, string value, string expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string data = Path.Combine(Path.GetTempPath(), "seamless-cli-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string>
        {
            ["Seamless__Api__Keys__0"] = "program-tests-key-0123456789",
            ["Seamless__Notifications__Webhooks__0__Url"] = "https://hooks.example.com/seamless",
        };
        environment[setting] = value;
        using var child = ChildProcess.StartDotnet(
            RepoPaths.HostDll, ["serve", "--simulate", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data", data], environment);

        int exit = await child.WaitForExitAsync(cts.Token);
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        exit.ShouldBe(1, child.Output);
        string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, child.Output);
        lines[0].ShouldStartWith(expected);
    }

    [Theory]
    [InlineData("SCALE_IN_SCHEDULE", "*/5 * * * *", "seamless: SCALE_IN_SCHEDULE '*/5 * * * *' is not a 6-field NCRONTAB expression")]
    [InlineData("Seamless__ScaleIn__SweepInterval", "00:02:00", "seamless: Seamless:ScaleIn:SweepInterval is no longer read; remove it and set SCALE_IN_SCHEDULE")]
    public async Task Main_ServeWithInvalidScaleInSchedule_ExitsNonZeroWithOneLineNamingTheSetting(string setting, string value, string expected)
    {
        var (exit, lines) = await RunAsync(
            RepoPaths.HostDll,
            ["serve", "--simulate", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data", TempData()],
            new Dictionary<string, string> { ["Seamless__Api__Keys__0"] = "program-tests-key-0123456789", [setting] = value });

        exit.ShouldBe(1);
        lines.ShouldHaveSingleItem().ShouldStartWith(expected);
    }

    [Fact]
    public async Task Serve_DataIsAFile_OneLineNamingTheFlag()
    {
        string file = Path.GetTempFileName();
        try
        {
            var (exit, lines) = await RunAsync(RepoPaths.HostDll, ["serve", "--simulate", "--data", file]);

            exit.ShouldBe(1);
            lines.ShouldHaveSingleItem().ShouldStartWith($"seamless: --data '{file}' is a file, not a directory");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Serve_MissingFleetFile_OneLineNamingTheFlag()
    {
        var (exit, lines) = await RunAsync(RepoPaths.HostDll, ["serve", "--simulate", "--fleet", "/nonexistent/fleet.json", "--data", TempData()]);

        exit.ShouldBe(1);
        lines.ShouldHaveSingleItem().ShouldStartWith("seamless: --fleet '/nonexistent/fleet.json' does not exist");
    }

    [Fact]
    public async Task Serve_PortInUse_OneLineNamingTheFlag()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var (exit, lines) = await RunAsync(
            RepoPaths.HostDll,
            ["serve", "--simulate", "--urls", $"http://127.0.0.1:{port}", "--data", TempData()],
            new Dictionary<string, string> { ["Seamless__Api__Keys__0"] = "program-tests-key-0123456789" });

        exit.ShouldBe(1);
        lines.ShouldHaveSingleItem().ShouldStartWith($"seamless: --urls http://127.0.0.1:{port}: the address is already in use");
    }

    [Theory]
    [InlineData("--time-scale 0", "--time-scale 0 is out of range")]
    [InlineData("--time-scale fast", "--time-scale fast is out of range")]
    [InlineData("--fleet /nonexistent/fleet.json", "--fleet '/nonexistent/fleet.json' does not exist")]
    [InlineData("--colour", "Unknown argument '--colour'")]
    public async Task Simulator_BadArgument_OneLineNamingTheFlag(string arguments, string message)
    {
        var (exit, lines) = await RunAsync(RepoPaths.SimulatorDll, arguments.Split(' '));

        exit.ShouldBe(2);
        lines.ShouldHaveSingleItem().ShouldStartWith($"Seamless.Simulator: {message}");
    }

    [Fact]
    public async Task Simulator_PortInUse_OneLineNamingTheFlag()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var (exit, lines) = await RunAsync(RepoPaths.SimulatorDll, ["--urls", $"http://127.0.0.1:{port}"]);

        exit.ShouldBe(1);
        lines.ShouldHaveSingleItem().ShouldStartWith($"Seamless.Simulator: --urls http://127.0.0.1:{port}: the address is already in use");
    }

    private static string TempData() => Path.Combine(Path.GetTempPath(), "seamless-cli-" + Guid.NewGuid().ToString("N")[..8]);

    private static async Task<(int Exit, string[] Lines)> RunAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var child = ChildProcess.StartDotnet(dll, args, environment);
        int exit = await child.WaitForExitAsync(cts.Token);
        return (exit, child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
