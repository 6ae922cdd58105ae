using System.Globalization;
using System.Text;
using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

/// <summary>The peers re-tuned online every day on the demand seen so far (<see cref="OnlineTunedPolicy"/>).</summary>
public sealed class OnlineTunedPeerTests
{
    private static Trace Csv(Func<int, double> demand, int minutes, string name = "synthetic")
    {
        var csv = new StringBuilder("minute,value\n");
        for (var m = 0; m < minutes; m++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{m},{demand(m):0.###}\n");
        }

        return TraceParser.Parse(csv.ToString(), name);
    }

    /// <summary>A smooth daily wave between 10 % and 100 % of the peak, every day alike.</summary>
    private static double Wave(int minute) => 550 - (450 * Math.Cos(2 * Math.PI * minute / 1440));

    [Fact]
    public void TuneOnline_UnderADay_NeverRetunes_AndIsTheDefault()
    {
        var trace = Csv(Wave, 1200);
        var options = new WhatIfOptions();

        var online = PeerTuner.TuneOnline(trace, options);
        var report = WhatIfRunner.Run(trace, options);

        online.Select(o => o.Family).ShouldBe([WhatIfPolicyNames.AzureAutoscale, WhatIfPolicyNames.Hpa]);
        online.Select(o => o.Result.Name).ShouldBe([WhatIfPolicyNames.AzureAutoscaleOnline, WhatIfPolicyNames.HpaOnline]);
        foreach (var peer in online)
        {
            peer.Retunings.ShouldBe(0, peer.Family);
            peer.Settings.Count.ShouldBe(1, peer.Family);
            peer.Settings[0].FromMinute.ShouldBe(0);
            peer.Result.ShouldBe(report[peer.Family] with { Name = peer.Result.Name }, peer.Family);
        }

        online[0].Settings[0].Parameters.ShouldBe(AzureAutoscaleSettings.Default.ToParameters());
        online[1].Settings[0].Parameters.ShouldBe(HpaSettings.Default.ToParameters());
    }

    [Fact]
    public void TuneOnline_AfterADay_ServesWhatHindsightOnThatDayWouldHaveChosen()
    {
        // Days alike, so the first day's capacity model is the trace's. From minute 1440 the setting that serves is the
        // cheapest that kept the budget on the first day: what tuning with hindsight on that day alone chooses.
        var trace = Csv(Wave, 2 * 1440);
        var firstDay = Csv(Wave, 1440);
        var options = new WhatIfOptions();

        var online = PeerTuner.TuneOnline(trace, options);
        var onFirstDay = PeerTuner.Tune(firstDay, options);

        foreach (var (peer, hindsight) in online.Zip(onFirstDay))
        {
            peer.Retunings.ShouldBe(1, peer.Family);
            peer.RetuneMinutes.ShouldBe(PeerTuner.OnlineRetuneMinutes);
            peer.Settings[^1].Parameters.ShouldBe(hindsight.Parameters, peer.Family);
            peer.Settings.Count.ShouldBe(hindsight.Parameters.SequenceEqual(peer.Settings[0].Parameters) ? 1 : 2, peer.Family);
            peer.Settings[^1].FromMinute.ShouldBe(peer.Settings.Count == 1 ? 0 : 1440, peer.Family);
        }

        online.ShouldContain(o => o.Settings.Count == 2, "on a smooth wave some family leaves its default for a cheaper setting");
    }

    [Fact]
    public void TuneOnline_NeverReadsAMinuteItHasNotSeen()
    {
        // Two traces alike for two days; on the third one of them jumps for an hour. Both open on their common peak, so
        // the capacity model (which every policy starts from) is the same. Every setting chosen up to the third day's
        // re-tuning is the same for both; only what is served after the jump differs.
        static double Calm(int m) => m == 0 ? 1100 : Wave(m) * 0.5;
        var calm = Csv(Calm, 3 * 1440, "calm");
        var jump = Csv(m => m >= (2 * 1440) + 600 && m < (2 * 1440) + 660 ? 1100 : Calm(m), 3 * 1440, "jump");
        var options = new WhatIfOptions { CapacityPerInstance = 50 };

        var a = PeerTuner.TuneOnline(calm, options);
        var b = PeerTuner.TuneOnline(jump, options);

        foreach (var (first, second) in a.Zip(b))
        {
            second.Retunings.ShouldBe(2, first.Family);
            second.Settings.Select(s => (s.FromMinute, Text(s.Parameters))).ShouldBe(first.Settings.Select(s => (s.FromMinute, Text(s.Parameters))), first.Family);
            second.Result.OverloadMinutes.ShouldBeGreaterThan(first.Result.OverloadMinutes, $"{first.Family}: the jump is felt");
        }
    }

    [Fact]
    public void TuneOnline_ABurstTheFirstDaysNeverShowed_MissesTheBudgetWhereHindsightKeepsIt()
    {
        // Four quiet days teach the cheapest setting a quiet day allows; the fifth day's bursts overload it. Tuned with
        // hindsight on the five days, the same family keeps the budget: the difference hindsight makes.
        var trace = Csv(m => m >= 4 * 1440 && m % 120 < 8 ? 400 : 200 + (20 * Math.Sin(2 * Math.PI * m / 1440)), 5 * 1440);
        var options = new WhatIfOptions { CapacityPerInstance = 50 };

        var online = PeerTuner.TuneOnline(trace, options).Single(o => o.Family == WhatIfPolicyNames.Hpa);
        var hindsight = PeerTuner.Tune(trace, options).Single(t => t.Family == WhatIfPolicyNames.Hpa);

        hindsight.MeetsBudget.ShouldBeTrue();
        online.MeetsBudget.ShouldBeFalse();
        online.Result.OverloadMinutes.ShouldBeGreaterThan((int)(options.OverloadBudgetPercent * trace.Minutes / 100));
        online.Retunings.ShouldBe(4);
        WhatIfReportFormatter.OnlineLine(online, trace.Minutes).ShouldContain("missed the budget");
    }

    [Fact]
    public void TuneOnline_TheSettingThatTakesOver_KnowsTheMinutesBeforeIt()
    {
        // 10 instances' worth with a 2-minute dip to 2 every 20 minutes: a setting that scales in on a dip overloads when
        // the load returns within the provisioning delay, so the first day teaches HPA a stabilisation window. The second
        // day opens in a dip: the new setting, shown the minutes before it took over, still holds the load it saw there
        // and does not scale in to the dip.
        var trace = Csv(m => m == 0 ? 1000 : m % 20 < 2 ? 100 : 500, 1460);

        var run = WhatIfRunner.RunWithSeries(trace, new WhatIfOptions { Peers = WhatIfPeers.Online, CapacityPerInstance = 50 });

        var hpa = run.Report.Online.Single(o => o.Family == WhatIfPolicyNames.Hpa);
        hpa.Settings[^1].FromMinute.ShouldBe(1440);
        hpa.Settings[^1].Parameters["stabilisationMinutes"].ShouldBeGreaterThan(1, "the first day rules out following each dip");
        var billed = run.Series.Policies.Single(p => p.Name == WhatIfPolicyNames.HpaOnline).Billed;
        billed.Skip(1441).Take(5).Min().ShouldBeGreaterThanOrEqualTo(10, "10 instances' worth outside the dips");
    }

    [Fact]
    public void Run_OnlinePeers_AlsoTunesWithHindsight_AndTheSeriesCarriesEveryPeer()
    {
        var trace = Csv(Wave, 1440 + 120);

        var run = WhatIfRunner.RunWithSeries(trace, new WhatIfOptions { Peers = WhatIfPeers.Online });

        run.Report.Tuned.Select(t => t.Result.Name).ShouldBe([WhatIfPolicyNames.AzureAutoscaleTuned, WhatIfPolicyNames.HpaTuned]);
        run.Report.Online.Select(o => o.Result.Name).ShouldBe([WhatIfPolicyNames.AzureAutoscaleOnline, WhatIfPolicyNames.HpaOnline]);
        run.Series.Policies.Select(p => p.Name).TakeLast(2).ShouldBe([WhatIfPolicyNames.AzureAutoscaleOnline, WhatIfPolicyNames.HpaOnline]);
        foreach (var online in run.Report.Online)
        {
            var series = run.Series.Policies.Single(p => p.Name == online.Result.Name);
            Math.Round(series.Billed.Sum() / 60.0, 2).ShouldBe(online.Result.InstanceHours, online.Family);
            series.Overloaded.Count(o => o).ShouldBe(online.Result.OverloadMinutes, online.Family);
        }

        run.Report.Online.ShouldAllBe(o => o.Retunings == 1);
        WhatIfRunner.Run(Csv(Wave, 300), new WhatIfOptions { Peers = WhatIfPeers.Tuned }).Online.ShouldBeEmpty();
    }

    [Fact]
    public void Options_UnknownPeers_NamesTheThreeValues()
    {
        var errors = new WhatIfOptions { Peers = (WhatIfPeers)7 }.Validate();

        errors.ShouldContain(e => e.Field == "peers" && e.Message == "must be Defaults, Tuned or Online.");
    }

    private static string Text(IReadOnlyDictionary<string, double> parameters) =>
        string.Join(", ", parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
}
