using Seamless.Core.ScaleIn;

namespace Seamless.Core.Tests.ScaleIn;

public sealed class ScaleOutConfirmationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 30, 20, TimeSpan.Zero);

    private static readonly Dictionary<string, (ScaleOutContext Context, ScaleOutOutcome Outcome, string Reason, int ToCapacity)> Cases = new()
    {
        ["high CPU confirms: +1"] = (Context(cpu: [40, 93, 97, 96, 95]), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["CPU exactly at the alert line confirms"] = (Context(cpu: [92, 50, 50, 50, 50]), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["high memory confirms"] = (Context(cpu: [40, 40, 40, 40, 40], memory: [85, 85, 85, 85, 85]), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["long HTTP queue confirms"] = (Context(cpu: [40, 40, 40, 40, 40], queue: [12, 12, 12, 12, 12]), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["gaps with one high minute confirm"] = (Context(cpu: [null, null, 96, null, null]), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["step cut by plan max workers"] = (Context(cpu: [97, 97, 97, 97, 97], capacity: 12, maxWorkers: 13), ScaleOutOutcome.ScaleOut, ScaleOutRule.CappedScaleOut, 13),
        ["confirmed at the cap"] = (Context(cpu: [97, 97, 97, 97, 97], capacity: 30), ScaleOutOutcome.AtMaximum, ScaleOutRule.AtMaximum, 30),
        ["low CPU (leaked alert key) refused"] = (Context(cpu: [40, 41, 39, 40, 40]), ScaleOutOutcome.Refused, ScaleOutConfirmation.NotConfirmed, 3),
        ["just below the line refused"] = (Context(cpu: [91.9, 91.9, 91.9, 91.9, 91.9], memory: [79.9], queue: [9.9]), ScaleOutOutcome.Refused, ScaleOutConfirmation.NotConfirmed, 3),
        ["no minutes refused"] = (Context(cpu: []), ScaleOutOutcome.Refused, ScaleOutConfirmation.NoData, 3),
        ["only empty minutes refused"] = (Context(cpu: [null, null, null], memory: [null, null, null], queue: [null, null, null]), ScaleOutOutcome.Refused, ScaleOutConfirmation.NoData, 3),
        ["one scale-out this hour allowed"] = (Context(cpu: [97], scaleOuts: [Now.AddMinutes(-30)]), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["two scale-outs this hour refused"] = (Context(cpu: [97], scaleOuts: [Now.AddMinutes(-50), Now.AddMinutes(-10)]), ScaleOutOutcome.Refused, ScaleOutConfirmation.RateLimited, 3),
        ["scale-outs older than an hour do not count"] = (Context(cpu: [97], scaleOuts: [Now.AddHours(-1), Now.AddHours(-3), Now.AddMinutes(-5)]), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["learned line (×1.05 ⇒ 95.2 %): CPU within it refused"] = (Context(cpu: [93, 94, 95, 94, 94], multiplier: 1.05), ScaleOutOutcome.Refused, ScaleOutConfirmation.NotConfirmed, 3),
        ["learned line: latest minute at it confirms"] = (Context(cpu: [93, 93, 93, 93, 96], multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["learned line: window mean at it confirms"] = (Context(cpu: [96, 97, 96, 96, 94], multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["learned line: mean of the minutes with data"] = (Context(cpu: [null, 96, null, 96, null], multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["learned line: a high peak alone refused"] = (Context(cpu: [99, 90, 90, 90, 90], multiplier: 1.05), ScaleOutOutcome.Refused, ScaleOutConfirmation.NotConfirmed, 3),
        ["learned line below the deployed one: the deployed line decides"] = (Context(cpu: [92, 50, 50, 50, 50], multiplier: 1.5), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["learned line: high memory still confirms"] = (Context(cpu: [93, 93, 93, 93, 93], memory: [85, 85, 85, 85, 85], multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["learned ×1.05, 20 at 96 %: one more instance, not 25 % more"] = (Context(cpu: [96, 96, 96, 96, 96], capacity: 20, multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.SizedScaleOut, 21),
        ["learned ×1.25, 20 at 95 %: sized to 24 of the full 25"] = (Context(cpu: [95, 95, 95, 95, 95], capacity: 20, multiplier: 1.25), ScaleOutOutcome.ScaleOut, ScaleOutRule.SizedScaleOut, 24),
        ["learned, latest minute saturated: the full step"] = (Context(cpu: [96, 96, 96, 96, 99], capacity: 20, multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 25),
        ["learned, HTTP queue in the latest minute: the full step"] = (Context(cpu: [96, 96, 96, 96, 96], queue: [0, 0, 0, 0, 0.5], capacity: 20, multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 25),
        ["learned, memory confirms too: the full step"] = (Context(cpu: [96, 96, 96, 96, 96], memory: [85, 85, 85, 85, 85], capacity: 20, multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 25),
        ["learned: the latest minute with data is read"] = (Context(cpu: [96, 96, 96, 97, null], capacity: 20, multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.SizedScaleOut, 21),
        ["learned, small plan: the minimum step is the full step"] = (Context(cpu: [96, 96, 96, 96, 96], multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 4),
        ["nothing learned, 20 at 96 %: the full step"] = (Context(cpu: [96, 96, 96, 96, 96], capacity: 20), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 25),
        ["learned, 21 of 27 serve at 87 %: the order carries 18.3 busy ×1.275 (24), refused"] = (Context(cpu: [97, 100, 100, 100, 87], capacity: 27, multiplier: 1.275, serving: 21), ScaleOutOutcome.Refused, ScaleOutRule.OrderCovers, 27),
        ["learned, 16 of 20 serve at 97 %: sized over the 16 serving (15.5 busy ×1.5 = 24)"] = (Context(cpu: [97, 97, 97, 97, 97], capacity: 20, multiplier: 1.5, serving: 16), ScaleOutOutcome.ScaleOut, ScaleOutRule.SizedScaleOut, 24),
        ["learned, all 20 serve: read over the capacity as before"] = (Context(cpu: [96, 96, 96, 96, 96], capacity: 20, multiplier: 1.05, serving: 20), ScaleOutOutcome.ScaleOut, ScaleOutRule.SizedScaleOut, 21),
        ["learned, sized step at the cap"] = (Context(cpu: [96, 96, 96, 96, 96], capacity: 20, maxWorkers: 22, multiplier: 1.05), ScaleOutOutcome.ScaleOut, ScaleOutRule.SizedScaleOut, 21),
        ["saturated, the sites turned requests away: sized to what was asked"] = (Context(cpu: [100, 100, 100, 100, 100], queue: [0, 0, 0, 5, 40], capacity: 10, asked: 23.4), ScaleOutOutcome.ScaleOut, ScaleOutRule.AskedScaleOut, 24),
        ["saturated and learned: sized to what was asked with the headroom, ⌈17 × 1.05⌉"] = (Context(cpu: [96, 99, 100, 100, 100], capacity: 10, multiplier: 1.05, asked: 17), ScaleOutOutcome.ScaleOut, ScaleOutRule.AskedScaleOut, 18),
        ["what was asked past the cap: capped"] = (Context(cpu: [100, 100, 100, 100, 100], capacity: 10, maxWorkers: 20, asked: 35), ScaleOutOutcome.ScaleOut, ScaleOutRule.AskedScaleOut, 20),
        ["asked less than the full step: the full step"] = (Context(cpu: [100, 100, 100, 100, 100], capacity: 20, asked: 22), ScaleOutOutcome.ScaleOut, ScaleOutRule.ScaleOut, 25),
        ["asked, but not confirmed: refused"] = (Context(cpu: [40, 40, 40, 40, 40], capacity: 10, asked: 20), ScaleOutOutcome.Refused, ScaleOutConfirmation.NotConfirmed, 10),
        ["asked, but rate limited: refused"] = (Context(cpu: [100], capacity: 10, scaleOuts: [Now.AddMinutes(-50), Now.AddMinutes(-10)], asked: 20), ScaleOutOutcome.Refused, ScaleOutConfirmation.RateLimited, 10),
        ["missing data refused before the rate limit"] = (Context(cpu: [], scaleOuts: [Now.AddMinutes(-50), Now.AddMinutes(-10)]), ScaleOutOutcome.Refused, ScaleOutConfirmation.NoData, 3),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Evaluate_Case_GivesVerdict(string name)
    {
        var (context, outcome, reason, toCapacity) = Cases[name];

        var verdict = ScaleOutConfirmation.Evaluate(context, ScaleInPolicy.Default);

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Reason.ShouldBe(reason, name);
        verdict.Decision.Reason.ShouldBe(reason, name);
        verdict.Decision.FromCapacity.ShouldBe(context.Capacity, name);
        verdict.Decision.ToCapacity.ShouldBe(toCapacity, name);
        verdict.Message.ShouldNotBeNullOrWhiteSpace(name);
    }

    [Theory]
    [InlineData(null, 92.0)]
    [InlineData(80.0, 92.0)]
    [InlineData(95.5, 95.5)]
    public void CpuLine_IsTheHigherOfTheDeployedAndTheLearnedLine(double? learned, double expected) =>
        ScaleOutConfirmation.CpuLine(learned).ShouldBe(expected, 1e-9);

    [Fact]
    public void Evaluate_LearnedLine_TheMessageNamesIt()
    {
        var verdict = ScaleOutConfirmation.Evaluate(Context(cpu: [93, 94, 95, 94, 94], multiplier: 1.05), ScaleInPolicy.Default);

        verdict.Message.ShouldContain("learned headroom");
    }

    [Fact]
    public void Evaluate_SizedStep_TheMessageGivesTheDemandAndTheFullStep()
    {
        var verdict = ScaleOutConfirmation.Evaluate(Context(cpu: [96, 96, 96, 96, 96], capacity: 20, multiplier: 1.05), ScaleInPolicy.Default);

        verdict.Message.ShouldContain("19.2 busy instance(s) need 21");
        verdict.Message.ShouldContain("the full step would be 25");
    }

    [Fact]
    public void LearnedCpuLine_IsOneHundredOverTheMultiplier()
    {
        Context(cpu: [], multiplier: 1.25).LearnedCpuLine!.Value.ShouldBe(80, 1e-9);
        Context(cpu: []).LearnedCpuLine.ShouldBeNull();
    }

    [Fact]
    public void Evaluate_NoData_SaysTheDataIsMissing()
    {
        var context = Context(cpu: []);

        var verdict = ScaleOutConfirmation.Evaluate(context, ScaleInPolicy.Default);

        verdict.Message.ShouldContain("no CPU, memory or queue figure");
        verdict.PeakCpu.ShouldBeNull();
    }

    [Fact]
    public void Evaluate_RateLimited_CountsOnlyTheLastHour()
    {
        var context = Context(cpu: [97], scaleOuts: [Now.AddMinutes(-59), Now.AddMinutes(-61), Now.AddMinutes(-1)]);

        var verdict = ScaleOutConfirmation.Evaluate(context, ScaleInPolicy.Default);

        verdict.ScaleOutsInPeriod.ShouldBe(2);
        verdict.Message.ShouldContain("scaleOutMaxPerHour");
    }

    [Fact]
    public void Evaluate_HigherHourlyLimit_AllowsAnotherScaleOut()
    {
        var context = Context(cpu: [97], scaleOuts: [Now.AddMinutes(-50), Now.AddMinutes(-10)]);

        var verdict = ScaleOutConfirmation.Evaluate(context, ScaleInPolicy.Default with { ScaleOutMaxPerHour = 3 });

        verdict.Outcome.ShouldBe(ScaleOutOutcome.ScaleOut);
        verdict.ScaleOutsInPeriod.ShouldBe(2);
    }

    private static ScaleOutContext Context(
        double?[] cpu,
        double?[]? memory = null,
        double?[]? queue = null,
        int capacity = 3,
        int maxWorkers = 30,
        DateTimeOffset[]? scaleOuts = null,
        double? multiplier = null,
        double? asked = null,
        int? serving = null) => new()
        {
            Now = Now,
            Capacity = capacity,
            MaxWorkers = maxWorkers,
            Cpu = cpu,
            Memory = memory ?? [.. cpu.Select(_ => (double?)40)],
            QueuePerInstance = queue ?? [.. cpu.Select(_ => (double?)0)],
            ScaleOutsAt = scaleOuts ?? [],
            LearnedMultiplier = multiplier,
            LatestAsked = asked,
            Serving = serving,
        };
}
