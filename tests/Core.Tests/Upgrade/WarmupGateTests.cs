using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class WarmupGateTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly WarmupPolicy Policy = new();

    // Probe spec: "200" ok, "500" bad status, "slow" 200 over the bound, "err" no response; one per 5 s on "/".
    public static TheoryData<string, string[], int, WarmupOutcome, WarmupReason> InstanceCases => new()
    {
        { "three good probes", ["200", "200", "200"], 60, WarmupOutcome.Warm, WarmupReason.Warm },
        { "streak after an early failure", ["500", "200", "200", "200"], 60, WarmupOutcome.Warm, WarmupReason.Warm },
        { "no probes yet", [], 1, WarmupOutcome.Waiting, WarmupReason.NoProbesYet },
        { "last probe 500", ["200", "200", "500"], 60, WarmupOutcome.Waiting, WarmupReason.StatusNotAllowed },
        { "last probe too slow", ["200", "200", "slow"], 60, WarmupOutcome.Waiting, WarmupReason.TooSlow },
        { "last probe no response", ["200", "err"], 60, WarmupOutcome.Waiting, WarmupReason.ProbeError },
        { "two of three", ["500", "200", "200"], 60, WarmupOutcome.Waiting, WarmupReason.NotEnoughConsecutivePasses },
        { "failure resets the streak", ["200", "200", "500", "200"], 60, WarmupOutcome.Waiting, WarmupReason.NotEnoughConsecutivePasses },
        { "timeout passed, not warm", ["500", "500"], 600, WarmupOutcome.TimedOut, WarmupReason.TimedOut },
        { "timeout passed without probes", [], 601, WarmupOutcome.TimedOut, WarmupReason.TimedOut },
        { "warm wins over the timeout", ["200", "200", "200"], 900, WarmupOutcome.Warm, WarmupReason.Warm },
    };

    [Theory]
    [MemberData(nameof(InstanceCases))]
    public void Evaluate_ProbeHistory_GetsOutcomeAndReason(string name, string[] probes, int nowSeconds, WarmupOutcome outcome, WarmupReason reason)
    {
        var history = Probes("i1", "/", probes);

        var verdict = WarmupGate.Evaluate(Policy, "i1", history, Start, Start.AddSeconds(nowSeconds));

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Reason.ShouldBe(reason, name);
        verdict.InstanceId.ShouldBe("i1", name);
        verdict.Message.ShouldContain("i1", customMessage: name);
    }

    [Fact]
    public void Evaluate_Waiting_SchedulesNextProbeOneIntervalAfterTheLast()
    {
        var history = Probes("i1", "/", ["200"]);

        var verdict = WarmupGate.Evaluate(Policy, history, Start, Start.AddSeconds(1));

        verdict.NextProbeAt.ShouldBe(Start + Policy.ProbeInterval);
        verdict.ConsecutivePasses.ShouldBe(1);
    }

    [Fact]
    public void Evaluate_SeveralPaths_EachNeedsItsOwnStreak()
    {
        var policy = Policy with { Paths = ["/", "/health"] };
        var history = Probes("i1", "/", ["200", "200", "200"]).Concat(Probes("i1", "/health", ["200", "200"])).ToList();

        var verdict = WarmupGate.Evaluate(policy, history, Start, Start.AddMinutes(1));

        verdict.Outcome.ShouldBe(WarmupOutcome.Waiting);
        verdict.Reason.ShouldBe(WarmupReason.NotEnoughConsecutivePasses);
        verdict.Message.ShouldContain("/health");
    }

    [Fact]
    public void Evaluate_TimedOut_MessageSaysWhatWasMissing()
    {
        var verdict = WarmupGate.Evaluate(Policy, Probes("i1", "/", ["500"]), Start, Start.AddMinutes(11));

        verdict.Message.ShouldContain("status 500");
    }

    [Fact]
    public void Evaluate_AllowedStatusSetAndLatencyBound_ComeFromPolicy()
    {
        var policy = Policy with { AllowedStatusCodes = [200, 302], LatencyBound = TimeSpan.FromSeconds(10), ConsecutivePasses = 1 };
        var history = new[] { new ProbeObservation("i1", "/", 302, TimeSpan.FromSeconds(5), Start) };

        var verdict = WarmupGate.Evaluate(policy, history, Start, Start.AddSeconds(6));

        verdict.Outcome.ShouldBe(WarmupOutcome.Warm);
    }

    [Fact]
    public void Evaluate_ProbesOfSeveralInstancesWithoutId_Throws()
    {
        var history = Probes("i1", "/", ["200"]).Concat(Probes("i2", "/", ["200"])).ToList();

        Should.Throw<ArgumentException>(() => WarmupGate.Evaluate(Policy, history, Start, Start));
    }

    public static TheoryData<string, string[], int, WarmupGateOutcome, WarmupGateReason> AggregateCases => new()
    {
        { "all warm", ["200,200,200", "200,200,200"], 60, WarmupGateOutcome.Warm, WarmupGateReason.AllWarm },
        { "one still warming", ["200,200,200", "200"], 60, WarmupGateOutcome.Waiting, WarmupGateReason.InstancesWaiting },
        { "one timed out", ["200,200,200", "500,500"], 700, WarmupGateOutcome.Failed, WarmupGateReason.InstanceTimedOut },
        { "no instances yet", [], 60, WarmupGateOutcome.Waiting, WarmupGateReason.NoInstances },
        { "no instances by the timeout", [], 700, WarmupGateOutcome.Failed, WarmupGateReason.NoInstances },
    };

    [Theory]
    [MemberData(nameof(AggregateCases))]
    public void EvaluateAll_Instances_AggregatesVerdicts(string name, string[] probesPerInstance, int nowSeconds, WarmupGateOutcome outcome, WarmupGateReason reason)
    {
        var ids = probesPerInstance.Select((_, i) => $"instance-{i}").ToList();
        var history = probesPerInstance.SelectMany((p, i) => Probes(ids[i], "/", p.Split(','))).ToList();

        var verdict = WarmupGate.EvaluateAll(Policy, ids, history, Start, Start.AddSeconds(nowSeconds));

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Reason.ShouldBe(reason, name);
        verdict.Instances.Count.ShouldBe(ids.Count, name);
    }

    [Fact]
    public void EvaluateAll_TimedOut_NamesTheInstance()
    {
        var history = Probes("good", "/", ["200", "200", "200"]).Concat(Probes("bad", "/", ["500"])).ToList();

        var verdict = WarmupGate.EvaluateAll(Policy, ["good", "bad"], history, Start, Start.AddMinutes(10));

        verdict.Message.ShouldStartWith("Warm-up failed on bad");
    }

    private static List<ProbeObservation> Probes(string instance, string path, string[] specs) =>
        specs.Select((s, i) =>
        {
            var at = Start.AddSeconds(5 * i);
            return s switch
            {
                "200" => new ProbeObservation(instance, path, 200, TimeSpan.FromMilliseconds(120), at),
                "500" => new ProbeObservation(instance, path, 500, TimeSpan.FromMilliseconds(80), at),
                "slow" => new ProbeObservation(instance, path, 200, TimeSpan.FromSeconds(3), at),
                "err" => new ProbeObservation(instance, path, null, TimeSpan.FromSeconds(30), at, "timeout"),
                _ => throw new ArgumentOutOfRangeException(nameof(specs), s, "unknown probe spec"),
            };
        }).ToList();
}
