using System.Text.Json;
using Seamless.Simulator.Fleet;
using Seamless.TestSupport;

namespace Seamless.Host.Tests.Cli;

/// <summary>
/// <c>seamless what-if --plan</c> reads a plan's history as the learned headroom does, over the real adapters and an
/// in-process simulator standing still at the time the test chose: every minute in its place, and a saturated minute
/// read as what it asked for (its site's requests and server errors), not as the CPU of the instances that served it.
/// </summary>
public sealed class WhatIfPlanHistoryTests : IAsyncLifetime
{
    private StandingSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await StandingSimulator.StartAsync(seed: 5);

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task WhatIf_PlanOverloadedForTwentyMinutes_ReplaysWhatItsMinutesAskedFor()
    {
        // The default plan serves 1000 requests a minute per instance on 3 instances; 9000 a minute ask for about 9.
        _sim.Host.State.SetLoad(DefaultFleet.SiteName, new LoadSpec { RequestsPerMinute = 9000, Profile = LoadSpec.Steady });
        _sim.Advance(TimeSpan.FromMinutes(20));
        _sim.Host.State.SetLoad(DefaultFleet.SiteName, new LoadSpec { RequestsPerMinute = 1200, Profile = LoadSpec.Steady });
        _sim.Advance(TimeSpan.FromMinutes(40));
        var until = StandingSimulator.Start.AddHours(1);
        string plan = _sim.Host.State.PlanId(DefaultFleet.PlanName);

        var result = await CliRunner.RunAsync(null, "what-if", "--plan", plan, "--days", "1", "--until", until.ToString("O"), "--azure-endpoint", _sim.Host.BaseAddress.ToString(), "--format", "json");

        result.Exit.ShouldBe(0, result.ToString());
        var report = JsonDocument.Parse(result.Output).RootElement;
        report.GetProperty("trace").GetProperty("minutes").GetInt32().ShouldBe(24 * 60, "every minute of the day in its place");
        report.GetProperty("trace").GetProperty("note").GetString()!.ShouldContain("saturated minute(s) read as what they asked");
        report.GetProperty("capacityModel").GetProperty("peakDemand").GetDouble().ShouldBeInRange(8, 10, "about 9 busy instances asked; the CPU of 3 instances shows at most 3");
    }

    [Fact]
    public async Task WhatIf_PlanWithBudgets_PricesThePromiseOnThePlansOwnDay()
    {
        _sim.Advance(TimeSpan.FromMinutes(60));
        var until = StandingSimulator.Start.AddHours(1);
        string plan = _sim.Host.State.PlanId(DefaultFleet.PlanName);

        var result = await CliRunner.RunAsync(null, "what-if", "--plan", plan, "--days", "1", "--until", until.ToString("O"), "--azure-endpoint", _sim.Host.BaseAddress.ToString(), "--budgets", "1,0.1", "--format", "json");

        result.Exit.ShouldBe(0, result.ToString());
        var list = JsonDocument.Parse(result.Output).RootElement;
        list.GetProperty("trace").GetProperty("minutes").GetInt32().ShouldBe(24 * 60);
        list.GetProperty("prices").EnumerateArray().Select(p => p.GetProperty("budgetPercent").GetDouble()).ShouldBe([0.1, 1]);
        list.GetProperty("prices").EnumerateArray().ShouldAllBe(p => p.GetProperty("result").GetProperty("instanceHours").GetDouble() > 0);
        list.GetProperty("oracle").GetProperty("instanceHours").GetDouble().ShouldBeGreaterThan(0);
    }
}
