using System.Globalization;
using System.Text;
using Seamless.Core.ScaleIn;
using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

public sealed class WhatIfRunnerTests
{
    /// <summary>Two days of a smooth daily wave between 10 % and 100 % of the peak, per minute.</summary>
    private static Trace Wave(int days = 2)
    {
        var csv = new StringBuilder("minute,value\n");
        for (var m = 0; m < days * 1440; m++)
        {
            var value = 550 - (450 * Math.Cos(2 * Math.PI * m / 1440));
            csv.Append(CultureInfo.InvariantCulture, $"{m},{value:0.###}\n");
        }

        return TraceParser.Parse(csv.ToString(), "wave");
    }

    private static Trace Flat(double value, int minutes) =>
        TraceParser.Parse("minute,value\n" + string.Concat(Enumerable.Range(0, minutes).Select(m => $"{m},{value}\n")), "flat");

    [Fact]
    public void Run_ReportsEveryPolicyInOrder()
    {
        var report = WhatIfRunner.Run(Wave(1), new WhatIfOptions());

        report.Policies.Select(p => p.Name).ShouldBe(WhatIfPolicyNames.All);
    }

    [Fact]
    public void Run_DefaultCapacityModel_IsPeakOverTwenty()
    {
        var trace = Wave(1);

        var report = WhatIfRunner.Run(trace, new WhatIfOptions());

        report.CapacityModel.PerInstancePerMinute.ShouldBe(trace.Peak / 20, 1e-9);
        report.CapacityModel.PeakInstances.ShouldBe(20);
        report.CapacityModel.MaxInstances.ShouldBe(40);
        report.CapacityModel.MinInstances.ShouldBe(2);
    }

    [Fact]
    public void Run_PeakInstancesGiven_ReplaysTheTraceOnAPlanOfThatSize()
    {
        var trace = Wave(1);

        var report = WhatIfRunner.Run(trace, new WhatIfOptions { PeakInstances = 5 });

        report.CapacityModel.PerInstancePerMinute.ShouldBe(trace.Peak / 5, 1e-9);
        report.CapacityModel.Source.ShouldBe("trace peak / 5");
        report.CapacityModel.PeakInstances.ShouldBe(5);
        report.CapacityModel.MaxInstances.ShouldBe(10);
        report[WhatIfPolicyNames.StaticPeak].InstanceHours.ShouldBe(5.0 * trace.Minutes / 60, 1e-9);
    }

    [Fact]
    public void Run_CapacityGiven_PeakInstancesDoNotApply()
    {
        var report = WhatIfRunner.Run(Flat(100, 600), new WhatIfOptions { CapacityPerInstance = 30, PeakInstances = 7 });

        report.CapacityModel.PerInstancePerMinute.ShouldBe(30);
        report.CapacityModel.PeakInstances.ShouldBe(4);
    }

    [Fact]
    public void Run_FlatDemand_OracleAndStaticPeakAreExact()
    {
        var report = WhatIfRunner.Run(Flat(100, 600), new WhatIfOptions { CapacityPerInstance = 30 });

        report[WhatIfPolicyNames.Oracle].InstanceHours.ShouldBe(40);
        report[WhatIfPolicyNames.StaticPeak].InstanceHours.ShouldBe(40);
        report[WhatIfPolicyNames.StaticPeak].ScaleActions.ShouldBe(0);
        report[WhatIfPolicyNames.Oracle].OverloadMinutes.ShouldBe(0);
        report.CapacityModel.Source.ShouldBe("given");
    }

    [Fact]
    public void Run_OracleIsTheFloor_NoPolicyUsesFewerInstanceHours()
    {
        var report = WhatIfRunner.Run(Wave(), new WhatIfOptions());

        var oracle = report[WhatIfPolicyNames.Oracle];
        report.Policies.ShouldAllBe(p => p.InstanceHours >= oracle.InstanceHours);
        oracle.OverloadMinutes.ShouldBe(0);
    }

    [Fact]
    public void Run_SmoothWave_SeamlessFollowsDemandWithoutOverload()
    {
        var report = WhatIfRunner.Run(Wave(), new WhatIfOptions());

        var seamless = report[WhatIfPolicyNames.Seamless];
        seamless.OverloadMinutes.ShouldBe(0);
        seamless.InstanceHours.ShouldBeLessThan(report[WhatIfPolicyNames.StaticPeak].InstanceHours * 0.8);
        seamless.ScaleActions.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Run_SuddenStep_SeamlessScalesOutFasterThanAzureAutoscale()
    {
        var csv = new StringBuilder("minute,value\n");
        for (var m = 0; m < 400; m++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{m},{(m < 200 ? 100 : 400)}\n");
        }

        var report = WhatIfRunner.Run(TraceParser.Parse(csv.ToString()), new WhatIfOptions { CapacityPerInstance = 25 });

        report[WhatIfPolicyNames.Seamless].OverloadMinutes.ShouldBeLessThan(report[WhatIfPolicyNames.AzureAutoscale].OverloadMinutes);
    }

    [Fact]
    public void Run_JumpBeyondTheAlertStep_ThePlanGrowsToWhatTheSaturatedMinuteAsked()
    {
        // Demand jumps tenfold. Blind, the first alert adds one instance (+25 % of 2) and later alerts only renew the veto
        // for the settle. Once the saturated plan turns requests away, they say how much was asked: the alert fast path
        // and the sweep (which runs every minute, settle or not) grow the plan to it.
        var csv = new StringBuilder("minute,value\n");
        for (var m = 0; m < 600; m++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{m},{(m < 300 ? 100 : 1000)}\n");
        }

        var report = WhatIfRunner.Run(TraceParser.Parse(csv.ToString(), "jump"), new WhatIfOptions { CapacityPerInstance = 50 });

        report[WhatIfPolicyNames.Seamless].OverloadMinutes.ShouldBeLessThanOrEqualTo(8); // 9 when only the sweep grew to what was asked, 13 stepping +25 % blind, 19 when the replay skipped the sweep during the settle
    }

    [Fact]
    public void Run_SameInput_SameReport()
    {
        var trace = Wave(1);

        var first = WhatIfReportFormatter.ToJson(WhatIfRunner.Run(trace, new WhatIfOptions()));
        var second = WhatIfReportFormatter.ToJson(WhatIfRunner.Run(trace, new WhatIfOptions()));

        second.ShouldBe(first);
    }

    [Fact]
    public void Run_PolicyChanges_ChangeOnlySeamless()
    {
        var trace = Wave(1);
        var frozen = new WhatIfOptions { Policy = ScaleInPolicy.Default with { Min = 20, Max = 40 } };

        var baseline = WhatIfRunner.Run(trace, new WhatIfOptions());
        var report = WhatIfRunner.Run(trace, frozen);

        report[WhatIfPolicyNames.AzureAutoscale].ShouldBe(baseline[WhatIfPolicyNames.AzureAutoscale]);
        report[WhatIfPolicyNames.Seamless].InstanceHours.ShouldBeGreaterThanOrEqualTo(report[WhatIfPolicyNames.StaticPeak].InstanceHours);
    }

    [Theory]
    [InlineData("capacity zero", "capacityPerInstance")]
    [InlineData("min zero", "minInstances")]
    [InlineData("peak zero", "peakInstances")]
    [InlineData("bad policy", "policy.maxStep")]
    public void Run_InvalidOptions_Throws(string name, string field)
    {
        var options = name switch
        {
            "capacity zero" => new WhatIfOptions { CapacityPerInstance = 0 },
            "min zero" => new WhatIfOptions { MinInstances = 0 },
            "peak zero" => new WhatIfOptions { PeakInstances = 0 },
            _ => new WhatIfOptions { Policy = ScaleInPolicy.Default with { MaxStep = 0 } },
        };

        var error = Should.Throw<ArgumentException>(() => WhatIfRunner.Run(Wave(1), options));

        error.Message.ShouldContain(field, Case.Sensitive, name);
    }

    [Fact]
    public void Run_AllZeroTrace_Throws()
    {
        // The parser refuses such a file; a plan's idle history reaches the runner as a trace directly.
        var idle = new Trace("idle", new double[10], 1, 10, "1-minute trace: replayed as is.");

        Should.Throw<ArgumentException>(() => WhatIfRunner.Run(idle, new WhatIfOptions())).Message.ShouldContain("no demand");
    }
}
