using System.Text.Json;
using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Host.Demo;
using Seamless.Simulator.Model;
using Seamless.Workflows.State;

namespace Seamless.Host.Tests.Demo;

public sealed class DecisionNarratorTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 18, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Lines_FortyFiveIdenticalHolds_OneLineAndOneNote()
    {
        var narrator = new DecisionNarrator();

        var lines = Enumerable.Range(0, 45).SelectMany(i => narrator.Lines(Decision(i, "Hold", 3, 3, "cooldown", "cooldown", $"Hold at 3: cooldown until 19:{i:00}"))).ToList();
        lines.AddRange(narrator.Flush());

        lines.Count.ShouldBe(2, string.Join('\n', lines));
        lines[0].ShouldContain("Hold at 3: cooldown until 19:00");
        lines[1].ShouldContain("the same decision 44 more times");
    }

    [Fact]
    public void Lines_ReasonChangesThenAStep_EachChangeAndEveryActionShown()
    {
        var narrator = new DecisionNarrator();

        var lines = new List<string>();
        lines.AddRange(narrator.Lines(Decision(0, "Hold", 3, 3, "projection", "projected-above-limit", "Hold at 3: CPU too high")));
        lines.AddRange(narrator.Lines(Decision(1, "Hold", 3, 3, "projection", "projected-above-limit", "Hold at 3: CPU still too high")));
        lines.AddRange(narrator.Lines(Decision(2, "ScaleIn", 3, 2, "all-passed", "scale-in", "Scale in 3 → 2")));
        lines.AddRange(narrator.Lines(new JournalEntry("plan", Start.AddMinutes(3), "scale-in", "scaled in 3 → 2", "i", null)));
        lines.AddRange(narrator.Lines(Decision(4, "Hold", 2, 2, "cooldown", "cooldown", "Hold at 2: cooldown")));

        lines.Count.ShouldBe(5, string.Join('\n', lines));
        lines[0].ShouldContain("CPU too high");
        lines[1].ShouldContain("the same decision 1 more time");
        lines[2].ShouldContain("Scale in 3 → 2");
        lines[3].ShouldContain("scaled in 3 → 2");
        lines[4].ShouldContain("Hold at 2: cooldown");
    }

    [Fact]
    public void Lines_LearnedHeadroom_ShownWithTheDecisionAndAgainOnlyWhenTheSettingOrTheInstancesItRequiresChange()
    {
        var narrator = new DecisionNarrator();
        var thin = Estimate(new HeadroomSetting(1.2, 20, Seasonal: false), required: 3, level: 2.31);
        var thinNoisier = Estimate(new HeadroomSetting(1.2, 20, Seasonal: false), required: 3, level: 2.37);
        var thinFewer = Estimate(new HeadroomSetting(1.2, 20, Seasonal: false), required: 2, level: 1.6);
        var seasonal = Estimate(new HeadroomSetting(1.3, 30, Seasonal: true), required: 2, level: 1.5);

        var lines = new List<string>();
        lines.AddRange(narrator.Lines(Decision(0, "Hold", 4, 4, "projection", "projected-above-limit", "Hold at 4: memory", thin)));
        lines.AddRange(narrator.Lines(Decision(2, "Hold", 4, 4, "projection", "projected-above-limit", "Hold at 4: memory", thinNoisier)));
        lines.AddRange(narrator.Lines(Decision(4, "Hold", 4, 4, "projection", "projected-above-limit", "Hold at 4: memory", thinFewer)));
        lines.AddRange(narrator.Lines(Decision(6, "Hold", 4, 4, "projection", "projected-above-limit", "Hold at 4: memory", seasonal)));
        lines.AddRange(narrator.Lines(Decision(8, "Hold", 4, 4, "projection", "projected-above-limit", "Hold at 4: memory", seasonal)));
        lines.AddRange(narrator.Flush());

        var text = string.Join('\n', lines);
        lines.Count.ShouldBe(8, text);
        lines[1].ShouldBe("         learned headroom: " + thin.Summary);
        lines[1].ShouldContain("budget 0.1 % of minutes; learned burst +25 % within 3 min; headroom ×1.2 held 20 min");
        lines[2].ShouldContain("the same decision 1 more time");
        lines[4].ShouldContain("⇒ 2 instance(s) for 1.6 busy");
        lines[6].ShouldContain("headroom ×1.3 held 30 min with seasonal pre-scaling");
        lines[7].ShouldContain("the same decision 1 more time");
    }

    [Fact]
    public void Lines_NoLearnedHeadroom_DecisionLinesOnly()
    {
        var narrator = new DecisionNarrator();

        var lines = narrator.Lines(Decision(0, "Hold", 3, 3, "cooldown", "cooldown", "Hold at 3: cooldown"));

        lines.ShouldHaveSingleItem().ShouldContain("Hold at 3: cooldown");
    }

    [Fact]
    public void UserTraffic_ProductionAndCanary_CountsEveryUsersFailures()
    {
        var minute = Start;
        TrafficMinute T(double requests, double failed) => new(minute, requests, failed, 50, 200);

        var users = UserTraffic.From([T(900, 0), T(900, 1)], [T(100, 20), T(100, 5)]);

        users.ShouldBe(new UserTraffic(1800, 1, 200, 25));
        users.ToString().ShouldStartWith("2000 requests, 26 failed (production 1800 / 1 failed; canary slot 200 / 25 failed)");
    }

    private static JournalEntry Decision(int minute, string action, int from, int to, string rule, string reason, string message, HeadroomEstimate? headroom = null) =>
        new(
            "plan",
            Start.AddMinutes(minute),
            "decision",
            $"{action}: {message}",
            "scale-in:plan",
            JsonSerializer.SerializeToElement(new { action, fromCapacity = from, toCapacity = to, decidingRule = rule, reason, message, headroom }, ScaleInJson.Options));

    private static HeadroomEstimate Estimate(HeadroomSetting setting, int required, double level) =>
        new(0.1, 3, 1.25, setting, level, null, required, required - level, Learned: true, OverloadPercentOnHistory: 0);
}
