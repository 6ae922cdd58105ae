using System.Globalization;
using System.Text;
using System.Text.Json;
using Seamless.Host.Tests.Support;

namespace Seamless.Host.Tests;

/// <summary><c>seamless what-if</c> as a user runs it: a trace file in, a stable JSON report out; bad options fail with one line.</summary>
public sealed class WhatIfCommandTests : IDisposable
{
    private readonly string _trace = Path.Combine(Path.GetTempPath(), "seamless-whatif-" + Guid.NewGuid().ToString("N")[..8] + ".csv");

    public WhatIfCommandTests()
    {
        // Two days of a diurnal load with a sharp hourly burst: enough for every policy to act.
        var csv = new StringBuilder("minute,value\n");
        for (var minute = 0; minute < 2 * 24 * 60; minute++)
        {
            double value = 100 + (80 * Math.Sin(minute * 2 * Math.PI / (24 * 60))) + (minute % 60 < 5 ? 60 : 0);
            csv.Append(CultureInfo.InvariantCulture, $"{minute},{value:0.###}\n");
        }

        File.WriteAllText(_trace, csv.ToString());
    }

    [Fact]
    public async Task WhatIf_ProvisioningDelayOption_ReachesTheReplayAndChangesTheReactivePolicies()
    {
        var instant = await RunJsonAsync("--provisioning-delay", "0");
        var slow = await RunJsonAsync("--provisioning-delay", "5");

        instant.GetProperty("capacityModel").GetProperty("provisioningDelayMinutes").GetInt32().ShouldBe(0);
        slow.GetProperty("capacityModel").GetProperty("provisioningDelayMinutes").GetInt32().ShouldBe(5);
        Names(instant).ShouldBe(["seamless", "azure-autoscale", "hpa", "static-peak", "oracle"]);
        Figure(slow, "oracle", "instanceHours").ShouldBe(Figure(instant, "oracle", "instanceHours"), "the oracle has no provisioning delay");
        Figure(slow, "azure-autoscale", "overloadMinutes").ShouldBeGreaterThan(Figure(instant, "azure-autoscale", "overloadMinutes"), "slower instances leave the bursts unserved for longer");
    }

    [Fact]
    public async Task WhatIf_ProvisioningDelayWithoutAPolicy_TellsSeamlessTheSameDelay()
    {
        string told5 = _trace + ".told5.json", told3 = _trace + ".told3.json";
        await File.WriteAllTextAsync(told5, """{"provisioningDelay":"00:05:00"}""");
        await File.WriteAllTextAsync(told3, """{"provisioningDelay":"00:03:00"}""");
        try
        {
            var implied = await RunJsonAsync("--provisioning-delay", "5");
            var stated = await RunJsonAsync("--provisioning-delay", "5", "--policy", told5);
            var untold = await RunJsonAsync("--provisioning-delay", "5", "--policy", told3);

            Seamless(implied).ShouldBe(Seamless(stated), "without --policy Seamless is told the replay's delay");
            Seamless(implied).ShouldNotBe(Seamless(untold), "a policy stating 3 minutes learns for 3 on a plan that takes 5");
        }
        finally
        {
            File.Delete(told5);
            File.Delete(told3);
        }

        static string Seamless(JsonElement report) => report.GetProperty("policies")[0].GetRawText();
    }

    [Theory]
    [InlineData("--provisioning-delay", "-1", "provisioningDelayMinutes")]
    [InlineData("--capacity-per-instance", "0", "capacityPerInstance")]
    [InlineData("--peak-instances", "0", "peakInstances")]
    [InlineData("--overload-budget", "-1", "overloadBudgetPercent")]
    public async Task WhatIf_InvalidOption_ExitsNonZeroWithOneLine(string option, string value, string field)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", _trace, option, value]);

        int exit = await child.WaitForExitAsync(cts.Token);

        exit.ShouldNotBe(0);
        string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, child.Output);
        lines[0].ShouldStartWith("seamless: invalid option: " + field);
    }

    [Fact]
    public async Task WhatIf_ThirtySecondExport_ReplaysAsTheMinutesItAverages()
    {
        // The same two days as a 30-second metrics export: each minute's two rows straddle its value and average to it.
        var minutes = File.ReadAllLines(_trace).Skip(1).Select(r => double.Parse(r.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
        var export = new StringBuilder("timestamp,value\n");
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        for (var minute = 0; minute < minutes.Count; minute++)
        {
            double spread = minute % 7;
            export.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(minute):yyyy-MM-dd HH:mm:ss},{minutes[minute] - spread:0.###}\n");
            export.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(minute).AddSeconds(30):yyyy-MM-dd HH:mm:ss},{minutes[minute] + spread:0.###}\n");
        }

        var fine = _trace + ".30s.csv";
        await File.WriteAllTextAsync(fine, export.ToString());
        try
        {
            var perMinute = await RunJsonAsync();
            var averaged = await RunJsonOnAsync(fine);

            averaged.GetProperty("policies").GetRawText().ShouldBe(perMinute.GetProperty("policies").GetRawText());
            averaged.GetProperty("trace").GetProperty("minutes").GetInt32().ShouldBe(minutes.Count);
            averaged.GetProperty("trace").GetProperty("note").GetString()!.ShouldContain($"{minutes.Count} row(s) finer than a minute averaged");
        }
        finally
        {
            File.Delete(fine);
        }
    }

    [Fact]
    public async Task WhatIf_PeersTuned_PrintsTheTunedRowsAndTheirSettings()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", _trace, "--peers", "tuned", "--overload-budget", "0.5"]);

        int exit = await child.WaitForExitAsync(cts.Token);

        exit.ShouldBe(0, child.Output);
        string[] lines = child.RetainedOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain(l => l.StartsWith("azure-autoscale-tuned ", StringComparison.Ordinal), child.RetainedOutput);
        lines.ShouldContain(l => l.StartsWith("hpa-tuned ", StringComparison.Ordinal), child.RetainedOutput);
        lines.ShouldContain(l => l.StartsWith("azure-autoscale-tuned: ", StringComparison.Ordinal) && l.Contains("0.5 % of minutes", StringComparison.Ordinal) && l.Contains("outThreshold", StringComparison.Ordinal), child.RetainedOutput);
        lines.ShouldContain(l => l.StartsWith("hpa-tuned: ", StringComparison.Ordinal) && l.Contains("targetUtilisation", StringComparison.Ordinal), child.RetainedOutput);
        lines[2].ShouldContain("θU %");
        lines[^1].ShouldStartWith("seamless promise: ", customMessage: child.RetainedOutput);
        lines[^1].ShouldContain("the budget 0.5 % allows", customMessage: "without --policy Seamless promises the budget the peers are tuned to");
        lines[^1].ShouldContain("; at equal promise: ");
        lines[^1].ShouldNotContain("not to Seamless's budget");
    }

    [Fact]
    public async Task WhatIf_PolicyStatingAnotherBudget_SaysThePeersWereNotTunedToIt()
    {
        string policy = _trace + ".budget.json";
        await File.WriteAllTextAsync(policy, """{"overloadBudgetPercent":0.2}""");
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", _trace, "--peers", "tuned", "--policy", policy]);

            int exit = await child.WaitForExitAsync(cts.Token);

            exit.ShouldBe(0, child.Output);
            string last = child.RetainedOutput.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[^1];
            last.ShouldContain("the budget 0.2 % allows");
            last.ShouldContain("azure-autoscale-tuned was tuned to 0.1 %, not to Seamless's budget");
            last.ShouldContain("hpa-tuned was tuned to 0.1 %, not to Seamless's budget");
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [Fact]
    public async Task WhatIf_PeersTunedJson_AddsTunedEntriesAndKeepsThePolicies()
    {
        var report = await RunJsonAsync("--peers", "tuned");

        Names(report).ShouldBe(["seamless", "azure-autoscale", "hpa", "static-peak", "oracle"]);
        var tuned = report.GetProperty("tuned").EnumerateArray().ToList();
        tuned.Select(t => t.GetProperty("family").GetString()).ShouldBe(["azure-autoscale", "hpa"]);
        tuned.ShouldAllBe(t => t.GetProperty("overloadBudgetPercent").GetDouble() == 0.1);
        tuned[1].GetProperty("parameters").GetProperty("targetUtilisation").GetDouble().ShouldBeInRange(40, 95);
        report.GetProperty("policies")[0].GetProperty("elasticity").GetProperty("timeshareUnderPercent").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task WhatIf_PeersOnlineJson_AddsOnlineEntriesThatStartAtTheDefaults()
    {
        var report = await RunJsonAsync("--peers", "online");

        Names(report).ShouldBe(["seamless", "azure-autoscale", "hpa", "static-peak", "oracle"]);
        report.GetProperty("tuned").GetArrayLength().ShouldBe(2, "online also tunes with hindsight, for the comparison");
        var online = report.GetProperty("online").EnumerateArray().ToList();
        online.Select(o => o.GetProperty("result").GetProperty("name").GetString()).ShouldBe(["azure-autoscale-online", "hpa-online"]);
        online.ShouldAllBe(o => o.GetProperty("retunings").GetInt32() == 1, "two days: re-tuned once, at the end of the first");
        online[1].GetProperty("settings")[0].GetProperty("fromMinute").GetInt32().ShouldBe(0);
        online[1].GetProperty("settings")[0].GetProperty("parameters").GetProperty("targetUtilisation").GetDouble().ShouldBe(60, "the documented default serves the first day");
    }

    [Fact]
    public async Task WhatIf_Budgets_PrintsThePriceOfEachPromise()
    {
        var list = await RunJsonAsync("--budgets", "1,0.05");

        var prices = list.GetProperty("prices").EnumerateArray().ToList();
        prices.Select(p => p.GetProperty("budgetPercent").GetDouble()).ShouldBe([0.05, 1]);
        prices.ShouldAllBe(p => p.GetProperty("result").GetProperty("name").GetString() == "seamless");
        prices[1].GetProperty("result").GetProperty("instanceHours").GetDouble().ShouldBeLessThanOrEqualTo(prices[0].GetProperty("result").GetProperty("instanceHours").GetDouble(), "a budget twenty times larger buys no more instances");
        list.GetProperty("oracle").GetProperty("instanceHours").GetDouble().ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("0.1,abc", "seamless: --budgets: 'abc' is not a percentage in (0, 100).")]
    [InlineData("0.1,100", "seamless: --budgets: '100' is not a percentage in (0, 100).")]
    [InlineData("0.1 --peers tuned", "seamless: --budgets replays Seamless alone: leave out --series and --peers.")]
    public async Task WhatIf_BadBudgets_ExitsNonZeroWithOneLine(string value, string message)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", _trace, "--budgets", .. value.Split(' ')]);

        int exit = await child.WaitForExitAsync(cts.Token);

        exit.ShouldNotBe(0);
        string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, child.Output);
        lines[0].ShouldBe(message);
    }

    [Fact]
    public async Task WhatIf_TraceWithoutDemand_ExitsNonZeroWithOneLine()
    {
        var idle = _trace + ".idle.csv";
        await File.WriteAllTextAsync(idle, "minute,value\n0,0\n1,0\n2,0\n");
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", idle]);

            int exit = await child.WaitForExitAsync(cts.Token);

            exit.ShouldNotBe(0);
            string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            lines.ShouldBe(["seamless: Every value is 0: the trace has no demand to replay."]);
        }
        finally
        {
            File.Delete(idle);
        }
    }

    [Fact]
    public async Task WhatIf_PeersUnknown_ExitsNonZeroWithOneLine()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", _trace, "--peers", "best"]);

        int exit = await child.WaitForExitAsync(cts.Token);

        exit.ShouldNotBe(0);
        string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, child.Output);
        lines[0].ShouldStartWith("seamless: ");
        lines[0].ShouldContain("best");
    }

    [Fact]
    public async Task WhatIf_Series_WritesTheMinutesBehindTheReport()
    {
        var series = Path.ChangeExtension(_trace, ".series.csv");
        try
        {
            var report = await RunJsonAsync("--series", series);

            string[] rows = await File.ReadAllLinesAsync(series);
            rows.Length.ShouldBe(1 + (2 * 24 * 60), "a header and one row per minute");
            string[] header = rows[0].Split(',');
            int billed = Array.IndexOf(header, "seamless_billed");
            int overloaded = Array.IndexOf(header, "hpa_overloaded");
            billed.ShouldBeGreaterThan(0, rows[0]);
            overloaded.ShouldBeGreaterThan(0, rows[0]);
            header.ShouldContain("seamless_multiplier");
            double hours = rows.Skip(1).Sum(r => int.Parse(r.Split(',')[billed], CultureInfo.InvariantCulture)) / 60.0;
            Math.Round(hours, 2).ShouldBe(Figure(report, "seamless", "instanceHours"));
            rows.Skip(1).Count(r => r.Split(',')[overloaded] == "1").ShouldBe((int)Figure(report, "hpa", "overloadMinutes"));
        }
        finally
        {
            File.Delete(series);
        }
    }

    [Fact]
    public async Task WhatIf_SeriesInAFolderThatDoesNotExist_ExitsNonZeroWithOneLineAndWritesNothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "seamless-missing-" + Guid.NewGuid().ToString("N")[..8]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", _trace, "--series", Path.Combine(folder, "minutes.csv")]);

        int exit = await child.WaitForExitAsync(cts.Token);

        exit.ShouldNotBe(0);
        string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, child.Output);
        lines[0].ShouldBe($"seamless: --series: the folder '{folder}' does not exist.");
        Directory.Exists(folder).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null, "seamless: --policy: the file '{0}' does not exist.")]
    [InlineData("""{ "maxstepp": 5 }""", "seamless: --policy '{0}': 'maxstepp' is not a policy field; did you mean 'maxStep'?")]
    [InlineData("""{ "cpuLimit": 70 }""", "seamless: --policy '{0}': 'cpuLimit' is derived from the policy's other fields (100 with these) and cannot be set; set the fields it is derived from.")]
    [InlineData("""{ "cooldown": 300 }""", "seamless: --policy '{0}': 'cooldown' takes a duration \"hh:mm:ss\" (e.g. \"00:10:00\"; days as \"d.hh:mm:ss\"), not 300.")]
    public async Task WhatIf_BadPolicyFile_ExitsNonZeroWithOneLineNamingTheFileAndTheField(string? content, string expected)
    {
        string policy = _trace + ".policy.json";
        if (content is not null)
        {
            await File.WriteAllTextAsync(policy, content);
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", _trace, "--policy", policy]);

            int exit = await child.WaitForExitAsync(cts.Token);

            exit.ShouldBe(1);
            string[] lines = child.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            lines.ShouldBe([string.Format(CultureInfo.InvariantCulture, expected, policy)], child.Output);
        }
        finally
        {
            File.Delete(policy);
        }
    }

    public void Dispose() => File.Delete(_trace);

    private static string[] Names(JsonElement report) =>
        [.. report.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    private static double Figure(JsonElement report, string policy, string figure) =>
        report.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == policy).GetProperty(figure).GetDouble();

    private Task<JsonElement> RunJsonAsync(params string[] extra) => RunJsonOnAsync(_trace, extra);

    private static async Task<JsonElement> RunJsonOnAsync(string trace, params string[] extra)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var child = ChildProcess.StartDotnet(RepoPaths.HostDll, ["what-if", "--trace", trace, "--format", "json", .. extra]);
        int exit = await child.WaitForExitAsync(cts.Token);
        exit.ShouldBe(0, child.Output);
        return JsonDocument.Parse(child.RetainedOutput).RootElement.Clone();
    }
}
