using Seamless.Core.ScaleIn;
using System.Text.Json;
using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

public sealed class WhatIfReportFormatterTests
{
    private static readonly WhatIfReport Report = new(
        new TraceSummary("t.csv", 1440, 5, "5-minute trace: each value held for 5 minutes (no interpolation)."),
        new CapacityModel(12.5, "trace peak / 20", 250, 20, 2, 40, 20, 3),
        [
            new PolicyResult(WhatIfPolicyNames.Seamless, 100.5, 1, 20, 88.2, 30, 2),
            new PolicyResult(WhatIfPolicyNames.AzureAutoscale, 120, 4, 30, 90, 40, 5),
            new PolicyResult(WhatIfPolicyNames.Hpa, 130, 0, 3, 70, 80, 9),
            new PolicyResult(WhatIfPolicyNames.StaticPeak, 480, 0, 0, 50, 0, 0),
            new PolicyResult(WhatIfPolicyNames.Oracle, 90, 0, 1000, 99, 300, 100),
        ]);

    [Fact]
    public void ToJson_HasTheStableShape()
    {
        using var doc = JsonDocument.Parse(WhatIfReportFormatter.ToJson(Report));

        var root = doc.RootElement;
        root.GetProperty("trace").GetProperty("name").GetString().ShouldBe("t.csv");
        root.GetProperty("capacityModel").GetProperty("perInstancePerMinute").GetDouble().ShouldBe(12.5);
        var first = root.GetProperty("policies")[0];
        first.GetProperty("name").GetString().ShouldBe("seamless");
        first.EnumerateObject().Select(p => p.Name).ShouldBe(["name", "instanceHours", "overloadMinutes", "hotMinutes", "p95Utilisation", "scaleActions", "flaps", "elasticity"]);
        first.GetProperty("instanceHours").GetDouble().ShouldBe(100.5);
    }

    [Fact]
    public void ToJson_FieldNames_ArePinned()
    {
        // Scripts read these names: fields may be added at the end, never renamed or removed.
        var report = Report with
        {
            Policies = [.. Report.Policies.Select(p => p with { Elasticity = new ElasticityMetrics(1, 2, 3, 4, 5, 6) })],
            Tuned = [new TunedPolicy(WhatIfPolicyNames.Hpa, 0.1, true, 160, HpaSettings.Default.ToParameters(), Report.Policies[2] with { Name = WhatIfPolicyNames.HpaTuned })],
            SeamlessLearning = new SeamlessLearningSummary(24, 2, 3, 1, 6, 0),
            Online = [new OnlineTunedPolicy(WhatIfPolicyNames.Hpa, 0.1, false, 180, 1440, 2, [new OnlineSetting(0, HpaSettings.Default.ToParameters()), new OnlineSetting(1440, new HpaSettings(90, 0, 1).ToParameters())], Report.Policies[2] with { Name = WhatIfPolicyNames.HpaOnline })],
        };

        using var doc = JsonDocument.Parse(WhatIfReportFormatter.ToJson(report));

        var root = doc.RootElement;
        Names(root).ShouldBe(["trace", "capacityModel", "policies", "tuned", "seamlessLearning", "online"]);
        var online = root.GetProperty("online")[0];
        Names(online).ShouldBe(["family", "overloadBudgetPercent", "meetsBudget", "settingsSearched", "retuneMinutes", "retunings", "settings", "result"]);
        Names(online.GetProperty("settings")[1]).ShouldBe(["fromMinute", "parameters"]);
        online.GetProperty("settings")[1].GetProperty("parameters").GetProperty("targetUtilisation").GetDouble().ShouldBe(90);
        online.GetProperty("result").GetProperty("name").GetString().ShouldBe("hpa-online");
        Names(root.GetProperty("seamlessLearning")).ShouldBe(["learnings", "coldStart", "budgetMissedOnHistory", "beyondReach", "largestMinimumToKeepBudget", "beyondEveryMinimum", "atLargestMinimum"]);
        Names(root.GetProperty("trace")).ShouldBe(["name", "minutes", "resolutionMinutes", "note"]);
        Names(root.GetProperty("capacityModel")).ShouldBe(["perInstancePerMinute", "source", "peakDemand", "peakInstances", "minInstances", "maxInstances", "startInstances", "provisioningDelayMinutes"]);
        var policy = root.GetProperty("policies")[0];
        Names(policy).ShouldBe(["name", "instanceHours", "overloadMinutes", "hotMinutes", "p95Utilisation", "scaleActions", "flaps", "elasticity"]);
        Names(policy.GetProperty("elasticity")).ShouldBe(["accuracyUnderPercent", "accuracyOverPercent", "timeshareUnderPercent", "timeshareOverPercent", "instabilityPercent", "jitterPerHour"]);
        var tuned = root.GetProperty("tuned")[0];
        Names(tuned).ShouldBe(["family", "overloadBudgetPercent", "meetsBudget", "settingsSearched", "parameters", "result"]);
        Names(tuned.GetProperty("parameters")).ShouldBe(["targetUtilisation", "tolerance", "stabilisationMinutes"]);
        Names(tuned.GetProperty("result")).ShouldBe(Names(policy));
        tuned.GetProperty("result").GetProperty("name").GetString().ShouldBe("hpa-tuned");
    }

    [Theory]
    [InlineData(0, 0, null, 0, "seamless learning: 24 hourly learnings (2 on the cold start); 24 kept the budget on their history")]
    [InlineData(3, 3, 6, 0, "seamless learning: 24 hourly learnings (2 on the cold start); 21 kept the budget on their history; a burst beyond reach in 3: a plan minimum of up to 6 instances would have kept the budget in 3 of them")]
    [InlineData(3, 3, 6, 1, "seamless learning: 24 hourly learnings (2 on the cold start); 21 kept the budget on their history; a burst beyond reach in 3: a plan minimum of up to 6 instances would have kept the budget in 2 of them, in 1 not even the plan's maximum would have")]
    [InlineData(3, 2, null, 2, "seamless learning: 24 hourly learnings (2 on the cold start); 21 kept the budget on their history; a burst beyond reach in 2: in 2 not even the plan's maximum would have")]
    public void LearningLine_SaysWhereTheBudgetWasBeyondReachAndWhatMinimumWouldHaveKeptIt(int missed, int beyond, int? largest, int beyondEvery, string expected)
    {
        var line = WhatIfReportFormatter.LearningLine(new SeamlessLearningSummary(24, 2, missed, beyond, largest, beyondEvery));

        line.ShouldBe(expected);
    }

    [Fact]
    public void LearningLine_NamedMinimumThePlansOwn_SaysTheMinimumKeptIt()
    {
        var line = WhatIfReportFormatter.LearningLine(new SeamlessLearningSummary(24, 2, 3, 3, Report.CapacityModel.MinInstances, 0), Report);

        line.ShouldBe($"seamless learning: 24 hourly learnings (2 on the cold start); 21 kept the budget on their history; a burst beyond reach in 3: the plan's own minimum ({Report.CapacityModel.MinInstances}) kept the budget on the history in 3 of them");
    }

    [Fact]
    public void Run_WithLearnedHeadroom_SummarisesTheLearnings_AndFixedHeadroomHasNone()
    {
        var csv = new System.Text.StringBuilder("minute,value\n");
        for (var m = 0; m < 600; m++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{m},{(m % 50 < 3 ? 900 : 300)}\n");
        }

        var trace = TraceParser.Parse(csv.ToString(), "t");

        var learned = WhatIfRunner.Run(trace, new WhatIfOptions());
        var fixedHeadroom = WhatIfRunner.Run(trace, new WhatIfOptions { Policy = Seamless.Core.ScaleIn.ScaleInPolicy.Default with { Headroom = Seamless.Core.ScaleIn.Headroom.HeadroomMode.Fixed } });

        var summary = learned.SeamlessLearning.ShouldNotBeNull();
        summary.Learnings.ShouldBe(11, "at minute 0, then at the last minute of each of the ten hours");
        summary.ColdStart.ShouldBe(2, "minutes 0 and 59: under two hours of data");
        fixedHeadroom.SeamlessLearning.ShouldBeNull();
        WhatIfReportFormatter.ToTable(learned).ShouldContain(WhatIfReportFormatter.LearningLine(summary));
    }

    [Fact]
    public void Run_BurstsBeyondReach_ReplaysSeamlessWithTheNamedMinimum_WhichOverloadsNoMore()
    {
        // Jumps no headroom carries inside the provisioning delay: once the history holds two days, the learnings name a
        // plan minimum, and the report replays Seamless with it from the start.
        var report = WhatIfRunner.Run(WhatIfTestTraces.JumpsBeyondReach(), new WhatIfOptions());

        var learning = report.SeamlessLearning.ShouldNotBeNull();
        var minimum = learning.LargestMinimumToKeepBudget.ShouldNotBeNull();
        minimum.ShouldBeGreaterThan(report.CapacityModel.MinInstances);
        var raised = learning.AtLargestMinimum.ShouldNotBeNull();
        raised.Name.ShouldBe($"seamless-min-{minimum}");
        raised.OverloadMinutes.ShouldBeLessThan(report[WhatIfPolicyNames.Seamless].OverloadMinutes);
        WhatIfReportFormatter.ToTable(report).ShouldContain($"replayed with that minimum from the start (seamless-min-{minimum}): {raised.InstanceHours:0.0} instance-hours");
    }

    [Fact]
    public void Run_BurstsBeyondReachWithTheMinimumHeld_CarriesTheNextJumpOnTheFloorTheLearningsNamed()
    {
        // Seamless holds the minimum itself (HoldMinimumToKeepBudget, on by default): once two jumps broke the promise by
        // more than a week's budget and a learning named a minimum, the plan holds it, and the third jump (day 3, 09:00)
        // finds the capacity there. With it off the plan meets that jump at its level's headroom.
        var trace = WhatIfTestTraces.JumpsBeyondReach();
        var free = WhatIfRunner.RunWithSeries(trace, new WhatIfOptions { Policy = ScaleInPolicy.Default with { HoldMinimumToKeepBudget = false } });
        var held = WhatIfRunner.RunWithSeries(trace, new WhatIfOptions());
        var jump = (2 * 1440) + (9 * 60);

        int OverloadedInThirdJump(WhatIfRun run) => Enumerable.Range(jump, 35).Count(m => run.Series.Policies[0].Overloaded[m]);
        var named = held.Series.Learning.Where(l => l.FromMinute < jump).Select(l => l.Learned.MinimumToKeepBudget).OfType<int>().ToList();

        named.ShouldNotBeEmpty("the learnings before the third jump named a minimum");
        held.Series.Policies[0].Billed[jump - 1].ShouldBeGreaterThanOrEqualTo(Math.Min(named.Max(), held.Report.CapacityModel.MaxInstances), "the floor stands before the jump");
        free.Series.Policies[0].Billed[jump - 1].ShouldBeLessThan(named.Max(), "without it the plan sits at its level's headroom");
        OverloadedInThirdJump(held).ShouldBeLessThan(OverloadedInThirdJump(free));
        held.Report[WhatIfPolicyNames.Seamless].OverloadMinutes.ShouldBeLessThan(free.Report[WhatIfPolicyNames.Seamless].OverloadMinutes);
        held.Report[WhatIfPolicyNames.Seamless].InstanceHours.ShouldBeGreaterThan(free.Report[WhatIfPolicyNames.Seamless].InstanceHours, "the promise is paid for");
    }

    [Fact]
    public void ToTable_TunedPeers_AddARowAndALineEach()
    {
        var report = Report with
        {
            Tuned =
            [
                new TunedPolicy(WhatIfPolicyNames.AzureAutoscale, 0.1, false, 648, AzureAutoscaleSettings.Default.ToParameters(), Report.Policies[1] with { Name = WhatIfPolicyNames.AzureAutoscaleTuned }),
                new TunedPolicy(WhatIfPolicyNames.Hpa, 0.1, true, 160, new HpaSettings(80, 0.05, 3).ToParameters(), Report.Policies[2] with { Name = WhatIfPolicyNames.HpaTuned }),
            ],
        };

        var lines = WhatIfReportFormatter.ToTable(report).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Length.ShouldBe(2 + 2 + 5 + 2 + 2);
        lines.ShouldContain(l => l.StartsWith("hpa-tuned ", StringComparison.Ordinal) && l.Contains("1.444", StringComparison.Ordinal));
        lines.ShouldContain("hpa-tuned: cheapest of 160 settings with overload ≤ 0.1 % of minutes: targetUtilisation 80, tolerance 0.05, stabilisationMinutes 3");
        lines.ShouldContain("azure-autoscale-tuned: none of 648 settings meets the budget (overload ≤ 0.1 % of minutes); least overload: 0.278 % with outThreshold 80, inThreshold 60, windowMinutes 10, cooldownMinutes 5, step 1");
    }

    [Fact]
    public void ToTable_OnlinePeers_AddARowAndALineEach()
    {
        var report = Report with
        {
            Online =
            [
                new OnlineTunedPolicy(WhatIfPolicyNames.Hpa, 0.1, true, 180, 1440, 3, [new OnlineSetting(0, HpaSettings.Default.ToParameters()), new OnlineSetting(2880, new HpaSettings(90, 0, 1).ToParameters())], Report.Policies[2] with { Name = WhatIfPolicyNames.HpaOnline }),
                new OnlineTunedPolicy(WhatIfPolicyNames.AzureAutoscale, 0.1, false, 864, 1440, 3, [new OnlineSetting(0, AzureAutoscaleSettings.Default.ToParameters())], Report.Policies[1] with { Name = WhatIfPolicyNames.AzureAutoscaleOnline }),
            ],
        };

        var lines = WhatIfReportFormatter.ToTable(report).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Length.ShouldBe(2 + 2 + 5 + 2 + 2);
        lines.ShouldContain(l => l.StartsWith("hpa-online ", StringComparison.Ordinal) && l.Contains("1.444", StringComparison.Ordinal));
        lines.ShouldContain("hpa-online: from its default, re-tuned 3 time(s), every 1440 min, to the cheapest of 180 settings that kept the budget on the demand seen so far; 2 setting(s) served, the last from minute 2880: targetUtilisation 90, tolerance 0, stabilisationMinutes 1; kept the budget (0.000 % ≤ 0.1 % of minutes)");
        lines.ShouldContain("azure-autoscale-online: from its default, re-tuned 3 time(s), every 1440 min, to the cheapest of 864 settings that kept the budget on the demand seen so far; 1 setting(s) served, the last from minute 0: outThreshold 80, inThreshold 60, windowMinutes 10, cooldownMinutes 5, step 1; missed the budget (0.278 % > 0.1 % of minutes)");
    }

    [Fact]
    public void ToJson_ThenFromJson_RoundTrips()
    {
        var json = WhatIfReportFormatter.ToJson(Report);

        var back = WhatIfReportFormatter.FromJson(json);

        WhatIfReportFormatter.ToJson(back).ShouldBe(json);
        back.Policies.ShouldBe(Report.Policies);
    }

    [Fact]
    public void ToJson_ThenFromJson_OnlinePeers_RoundTrip()
    {
        var report = Report with
        {
            Online = [new OnlineTunedPolicy(WhatIfPolicyNames.Hpa, 0.1, true, 180, 1440, 1, [new OnlineSetting(0, HpaSettings.Default.ToParameters()), new OnlineSetting(1440, new HpaSettings(95, 0.05, 3).ToParameters())], Report.Policies[2] with { Name = WhatIfPolicyNames.HpaOnline })],
        };
        var json = WhatIfReportFormatter.ToJson(report);

        var back = WhatIfReportFormatter.FromJson(json);

        WhatIfReportFormatter.ToJson(back).ShouldBe(json);
        back.Online.Single().Settings[1].FromMinute.ShouldBe(1440);
        back.Online.Single().Settings[1].Parameters["targetUtilisation"].ShouldBe(95);
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void ToTable_HasOneRowPerPolicyWithTheOracleRatio()
    {
        var table = WhatIfReportFormatter.ToTable(Report);

        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2 + 2 + 5);
        lines.ShouldContain(l => l.StartsWith("seamless", StringComparison.Ordinal) && l.Contains("1.117", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("oracle", StringComparison.Ordinal) && l.Contains("1.000", StringComparison.Ordinal));
        table.ShouldContain("held for 5 minutes");
    }
}
