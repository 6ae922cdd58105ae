using System.Globalization;
using System.Text;
using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

public sealed class PeerTunerTests
{
    private static Trace Csv(Func<int, double> demand, int minutes)
    {
        var csv = new StringBuilder("minute,value\n");
        for (var m = 0; m < minutes; m++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{m},{demand(m):0.###}\n");
        }

        return TraceParser.Parse(csv.ToString(), "synthetic");
    }

    /// <summary>Two days of a smooth daily wave between 10 % and 100 % of the peak.</summary>
    private static Trace Wave() => Csv(m => 550 - (450 * Math.Cos(2 * Math.PI * m / 1440)), 2 * 1440);

    [Fact]
    public void Grids_HoldTheDocumentedDefaults()
    {
        PeerTuner.AzureAutoscaleGrid.ShouldContain(AzureAutoscaleSettings.Default);
        PeerTuner.HpaGrid.ShouldContain(HpaSettings.Default);
        PeerTuner.AzureAutoscaleGrid.ShouldBeUnique();
        PeerTuner.HpaGrid.ShouldBeUnique();
    }

    [Fact]
    public void Tune_FlatLoadAtFullCapacity_FindsTheToleranceThatKeepsTheOracleSize()
    {
        // 10 instances' worth, flat: the plan starts at exactly 10 instances at 100 % CPU. HPA leaves it alone only when
        // 100 / target − 1 is within the tolerance: target 85 or 90 with tolerance 20 %, or 95 with 10 % or 20 %. Every other
        // setting adds instances it never needs; so the cheapest is the oracle's size, first reached (grid order) at 85 / 20 %.
        var trace = Csv(_ => 100, 600);
        var options = new WhatIfOptions { CapacityPerInstance = 10 };

        var hpa = PeerTuner.Tune(trace, options).Single(t => t.Family == WhatIfPolicyNames.Hpa);

        hpa.MeetsBudget.ShouldBeTrue();
        hpa.Result.Name.ShouldBe(WhatIfPolicyNames.HpaTuned);
        hpa.Result.InstanceHours.ShouldBe(100);
        hpa.Result.OverloadMinutes.ShouldBe(0);
        hpa.Parameters["tolerance"].ShouldBe(0.2);
        hpa.Parameters["targetUtilisation"].ShouldBe(85);
        hpa.Parameters["stabilisationMinutes"].ShouldBe(1);
        hpa.SettingsSearched.ShouldBe(PeerTuner.HpaGrid.Count);
    }

    [Fact]
    public void Tune_Wave_NoTunedPeerCostsMoreThanItsDefaultWhenTheDefaultKeepsTheBudget()
    {
        var trace = Wave();
        var options = new WhatIfOptions { Peers = WhatIfPeers.Tuned };

        var report = WhatIfRunner.Run(trace, options);

        report.Tuned.Select(t => t.Family).ShouldBe([WhatIfPolicyNames.AzureAutoscale, WhatIfPolicyNames.Hpa]);
        foreach (var tuned in report.Tuned)
        {
            var baseline = report[tuned.Family];
            baseline.OverloadMinutes.ShouldBe(0, tuned.Family);
            tuned.MeetsBudget.ShouldBeTrue(tuned.Family);
            tuned.Result.InstanceHours.ShouldBeLessThan(baseline.InstanceHours, tuned.Family);
            tuned.Result.InstanceHours.ShouldBeGreaterThanOrEqualTo(report[WhatIfPolicyNames.Oracle].InstanceHours, tuned.Family);
            tuned.Result.Elasticity.ShouldNotBeNull();
        }
    }

    [Fact]
    public void Tune_SpikeNoReactivePolicyCanCatch_SaysNoneMeetsTheBudgetAndKeepsTheLeastOverload()
    {
        // Ten hours at one instance's worth (every setting scales in to the minimum), then a jump to the peak: with a
        // 3-minute provisioning delay every reactive setting overloads, so a zero budget cannot be kept.
        var trace = Csv(m => m < 600 ? 10 : 200, 660);
        var options = new WhatIfOptions { OverloadBudgetPercent = 0 };

        var tuned = PeerTuner.Tune(trace, options);

        tuned.ShouldAllBe(t => !t.MeetsBudget);
        tuned.ShouldAllBe(t => t.Result.OverloadMinutes > 0);
        var line = WhatIfReportFormatter.TunedLine(tuned[0], trace.Minutes);
        line.ShouldStartWith("azure-autoscale-tuned: none of ");
        line.ShouldContain("meets the budget");
        line.ShouldContain("least overload: ");
    }

    [Fact]
    public void Run_TunedPeers_SameInputSameReport()
    {
        var trace = Wave();
        var options = new WhatIfOptions { Peers = WhatIfPeers.Tuned };

        var first = WhatIfReportFormatter.ToJson(WhatIfRunner.Run(trace, options));
        var second = WhatIfReportFormatter.ToJson(WhatIfRunner.Run(trace, options));

        second.ShouldBe(first);
    }

    [Fact]
    public void Run_DefaultPeers_NoTunedEntries()
    {
        var report = WhatIfRunner.Run(Wave(), new WhatIfOptions());

        report.Tuned.ShouldBeEmpty();
        report.Policies.ShouldAllBe(p => p.Elasticity != null);
        report[WhatIfPolicyNames.Oracle].Elasticity.ShouldBe(new ElasticityMetrics(0, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void Run_NegativeBudget_IsInvalid()
    {
        var error = Should.Throw<ArgumentException>(() => WhatIfRunner.Run(Wave(), new WhatIfOptions { OverloadBudgetPercent = -1 }));

        error.Message.ShouldContain("overloadBudgetPercent");
    }
}
