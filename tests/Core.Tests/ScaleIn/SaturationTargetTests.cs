using Seamless.Core.ScaleIn;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>
/// What a saturated plan grows to (<see cref="SaturatedDemand.Target"/>): one step from the instances serving while the
/// ones ordered earlier start; a step on top of the order only while what the minutes ask for climbs.
/// </summary>
public sealed class SaturationTargetTests
{
    private static readonly DateTimeOffset End = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The default policy's step on a plan of at most 30: +25 %, at least one.</summary>
    private static readonly ScaleOutStep Step = ScaleOutStep.For(ScaleInPolicy.Default, 30);

    /// <summary>The default provisioning delay, minutes.</summary>
    private const int Lead = ScaleInPolicy.DefaultProvisioningDelayMinutes;

    [Fact]
    public void Target_PlateauThatSaturates_StepsOnceFromTheInstancesServing()
    {
        // 16 serve and read 16 busy; the minutes asked for 16.2 (a saturated plateau). The first sweep orders 20; while
        // those 4 start, the next sweeps see 20 ordered and keep the order instead of stepping 20 → 25 → 30.
        var history = Saturated(asked: [16.2, 16.2, 16.2, 16.2]);

        SaturatedDemand.Target(history, serving: 16, ordered: 16, Step, Lead).ShouldBe(20);
        SaturatedDemand.Target(history, serving: 16, ordered: 20, Step, Lead).ShouldBe(20);
        SaturatedDemand.Target(history, serving: 16, ordered: 25, Step, Lead).ShouldBeLessThan(25, "the order stands: no capacity beyond it is asked for");
    }

    [Fact]
    public void Target_DemandStillClimbing_StepsAgainOnTopOfWhatIsOrdered()
    {
        // A ramp: 12 → 14 → 16.5 asked over the last two minutes (+37 %), 12 serving, 15 ordered: one step from what
        // serves (15) is already ordered and the ramp outruns it, so the plan steps from the order (15 → 19).
        var history = Saturated(asked: [10, 12, 14, 16.5]);

        SaturatedDemand.Climbing(history).ShouldBeTrue();
        SaturatedDemand.Target(history, serving: 12, ordered: 15, Step, Lead).ShouldBe(19);
    }

    [Theory]
    [InlineData(23, 29)] // the climb asks for 23.5 over two provisioning delays: 23 ordered fall short, so a step on top
    [InlineData(24, 20)] // 24 ordered carry it: the order stands (one step from the 16 serving is within it)
    public void Target_DemandClimbingWithinWhatIsOrdered_KeepsTheOrder(int ordered, int expected)
    {
        // worldcup98's peak: 15.5 → 17.2 asked over two minutes (+11 %, climbing); kept up for twice the 3-minute
        // provisioning delay the climb asks for 17.2 × 1.11^3 ≈ 23.5 busy instances.
        var history = Saturated(asked: [14, 15.5, 16.6, 17.2]);

        SaturatedDemand.Climbing(history).ShouldBeTrue();
        SaturatedDemand.ClimbAhead(history, SaturatedDemand.ClimbLeads * Lead)!.Value.ShouldBe(17.2 * Math.Pow(17.2 / 15.5, 3), 1e-9);
        SaturatedDemand.Target(history, serving: 16, ordered: ordered, Step, Lead).ShouldBe(expected);
    }

    [Fact]
    public void ClimbAhead_CompoundsTheRiseOverTheLead_AndNeedsBothMinutes()
    {
        var history = Saturated(asked: [10, 10, 11, 12.1]);

        SaturatedDemand.ClimbAhead(history, lead: 0)!.Value.ShouldBe(12.1, 1e-9);
        SaturatedDemand.ClimbAhead(history, lead: 2)!.Value.ShouldBe(12.1 * 1.21, 1e-9);
        SaturatedDemand.ClimbAhead(Saturated(asked: [12, 12, 11, 10]), lead: 3)!.Value.ShouldBe(10, 1e-9, "falling demand is not projected lower");
        SaturatedDemand.ClimbAhead(new DemandHistory(End, [null, 4, 4]) { Asked = [null, 5, 9] }, lead: 3).ShouldBeNull("the minute two before has no data");
    }

    [Theory]
    [InlineData(10.0, 10.9, false)] // +9 %: a plateau's noise
    [InlineData(10.0, 11.1, true)] // +11 %: climbing
    [InlineData(10.0, 9.0, false)] // falling
    public void Climbing_ReadsTheRiseOverTwoMinutesAgainstTheShare(double before, double now, bool expected)
    {
        var history = Saturated(asked: [before, before, (before + now) / 2, now]);

        SaturatedDemand.Climbing(history).ShouldBe(expected);
    }

    [Theory]
    [InlineData(8.0, false)] // 4 → 8 → 6: the spike fell back; over two minutes still +50 %, but the climb has turned
    [InlineData(6.0, true)] // 4 → 6 → 6: a plateau reached by the climb reads as climbing until the rise over two minutes ends
    [InlineData(5.0, true)] // 4 → 5 → 6: still rising
    public void Climbing_AClimbThatTurned_IsOver(double previous, bool expected)
    {
        var history = Saturated(asked: [4, 4, previous, 6]);

        SaturatedDemand.Climbing(history).ShouldBe(expected);
    }

    [Fact]
    public void Target_ASpikeThatFellBack_KeepsTheOrderThatCarriedIt()
    {
        // nasa: 5 serving asked for 8 busy in one minute and the alert ordered 10; the next minute asked for 6, still
        // saturated while the 5 new instances start. Read as a climb (4 → 6 over two minutes) it stepped 10 → 13; the spike
        // is over, so the sweep steps from the 5 serving (7), within the 10 ordered.
        var history = Saturated(asked: [4, 4, 8, 6]);

        SaturatedDemand.Target(history, serving: 5, ordered: 10, Step, Lead).ShouldBe(7);
    }

    [Fact]
    public void Climbing_WithoutTheMinuteTwoBefore_IsFalse()
    {
        SaturatedDemand.Climbing(new DemandHistory(End, [null, 4, 4]) { Asked = [null, 5, 9] }).ShouldBeFalse("the minute two before has no data");
        SaturatedDemand.Climbing(new DemandHistory(End, [4, 4]) { Asked = [4, 9] }).ShouldBeFalse("the history is shorter than the climb");
    }

    [Fact]
    public void Target_AtTheCap_StaysThere()
    {
        var history = Saturated(asked: [20, 25, 30, 40]);

        SaturatedDemand.Target(history, serving: 28, ordered: 30, Step, Lead).ShouldBe(30);
        SaturatedDemand.Target(Saturated(asked: [30, 30, 30, 30]), serving: 30, ordered: 30, Step, Lead).ShouldBe(30);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(100)]
    public void ScaleOutStep_From_IsTheAlertFastPathsTarget(int maxWorkers)
    {
        // The step as data takes the same target as ScaleOutRule.Compute for every capacity, at and above the cap too.
        var policy = ScaleInPolicy.Default with { ScaleOutPercent = 30, ScaleOutMinStep = 2 };
        var step = ScaleOutStep.For(policy, maxWorkers);

        foreach (var capacity in Enumerable.Range(0, policy.Max + 5))
        {
            step.From(capacity).ShouldBe(ScaleOutRule.Compute(capacity, maxWorkers, policy).ToCapacity, $"capacity {capacity}");
        }
    }

    /// <summary>A plan whose CPU shows its serving instances busy while the minutes asked for <paramref name="asked"/>.</summary>
    private static DemandHistory Saturated(double[] asked) =>
        new(End, [.. asked.Select(a => (double?)Math.Min(a, 16))]) { Asked = [.. asked.Select(a => (double?)a)] };
}
