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
    public void TuneShared_OneTrace_ChoosesWhatTuneChooses()
    {
        var trace = Wave();
        var options = new WhatIfOptions();

        var tuned = PeerTuner.Tune(trace, options);
        var shared = PeerTuner.TuneShared([trace], options);

        shared.Select(s => s.Family).ShouldBe(tuned.Select(t => t.Family));
        shared.Select(s => s.Name).ShouldBe([WhatIfPolicyNames.AzureAutoscaleShared, WhatIfPolicyNames.HpaShared]);
        foreach (var (one, own) in shared.Zip(tuned))
        {
            one.Parameters.ShouldBe(own.Parameters, one.Family);
            one.TracesChosenOn.ShouldBe(1);
            one.TracesKept.ShouldBe(1);
            var replayed = PeerTuner.Replay(one, trace, options);
            replayed.Name.ShouldBe(one.Name);
            replayed.InstanceHours.ShouldBe(own.Result.InstanceHours, one.Family);
            replayed.OverloadMinutes.ShouldBe(own.Result.OverloadMinutes, one.Family);
        }
    }

    [Fact]
    public void TuneShared_TracesWhoseOwnBestSettingsDiffer_KeepsBothAndCostsEachAtLeastItsOwn()
    {
        // A flat load at the starting size is cheapest left alone (a tolerance wide enough); the wave is cheapest with a
        // high target and no tolerance. One HPA setting for both keeps the budget on both and costs each at least what
        // the setting tuned on it alone costs; its mean × oracle is what its replays show.
        Trace[] traces = [Csv(_ => 100, 600), Wave()];
        var options = new WhatIfOptions();

        var hpa = PeerTuner.TuneShared(traces, options).Single(s => s.Family == WhatIfPolicyNames.Hpa);

        hpa.TracesChosenOn.ShouldBe(2);
        hpa.TracesKept.ShouldBe(2);
        var ratios = new List<double>();
        foreach (var trace in traces)
        {
            var own = PeerTuner.Tune(trace, options).Single(t => t.Family == WhatIfPolicyNames.Hpa);
            var replayed = PeerTuner.Replay(hpa, trace, options);
            replayed.InstanceHours.ShouldBeGreaterThanOrEqualTo(own.Result.InstanceHours, trace.Name);
            replayed.OverloadMinutes.ShouldBeLessThanOrEqualTo((int)(options.OverloadBudgetPercent * trace.Minutes / 100), trace.Name);
            ratios.Add(replayed.InstanceHours / WhatIfRunner.Run(trace, options)[WhatIfPolicyNames.Oracle].InstanceHours);
        }

        // The reports round instance-hours to 0.01; the search divides whole instance-minutes.
        hpa.MeanTimesOracle.ShouldBe(ratios.Average(), 1e-4);
        var owns = traces.Select(t => PeerTuner.Tune(t, options).Single(x => x.Family == WhatIfPolicyNames.Hpa).Parameters).ToList();
        owns[0].ShouldNotBe(owns[1]);
    }

    [Fact]
    public void TuneShared_NoSettingKeepsEveryTrace_KeepsTheMostAndSaysHowMany()
    {
        // With a zero budget no reactive setting carries the jump (see above); the flat load is kept by several.
        Trace[] traces = [Csv(m => m < 600 ? 10 : 200, 660), Csv(_ => 100, 600)];
        var options = new WhatIfOptions { OverloadBudgetPercent = 0 };

        var shared = PeerTuner.TuneShared(traces, options);

        shared.ShouldAllBe(s => s.TracesKept == 1 && s.TracesChosenOn == 2);
        foreach (var one in shared)
        {
            PeerTuner.Replay(one, traces[1], options).OverloadMinutes.ShouldBe(0, one.Family);
            PeerTuner.Replay(one, traces[0], options).OverloadMinutes.ShouldBeGreaterThan(0, one.Family);
        }
    }

    [Fact]
    public void TuneShared_NoTraces_IsRefused()
    {
        var error = Should.Throw<ArgumentException>(() => PeerTuner.TuneShared([], new WhatIfOptions()));

        error.Message.ShouldContain("at least one trace");
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
