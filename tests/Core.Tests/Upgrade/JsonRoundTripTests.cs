using System.Text.Json;
using System.Text.Json.Serialization;
using Seamless.Core.Canary;
using Seamless.Core.Model;
using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

/// <summary>Every record travels as orchestration input or custom status: web defaults, enums as strings.</summary>
public sealed class JsonRoundTripTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions WebWithEnumConverter = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly double[] Baseline = [100, 102, 98, 101, 99];

    public static TheoryData<string, object> Values => new()
    {
        { "default policy", UpgradePolicy.Default },
        { "merged policy", UpgradePolicy.Default.Merge(new UpgradePolicyOverrides { Canary = new CanaryPolicyOverrides { Enabled = true, Steps = [5, 20] }, Approval = new ApprovalPolicyOverrides { OnTimeout = ApprovalTimeoutAction.Proceed } }) },
        { "overrides", new UpgradePolicyOverrides { Warmup = new WarmupPolicyOverrides { Timeout = TimeSpan.FromMinutes(3) }, GuardWindow = TimeSpan.FromMinutes(1) } },
        { "judge config", CanaryJudgeConfig.Default },
        { "observations", Observations() },
        { "canary verdict", CanaryJudge.Evaluate(CanaryJudgeConfig.Default, Observations()) },
        { "warm-up verdict", WarmupGate.EvaluateAll(new WarmupPolicy(), ["i1"], [new ProbeObservation("i1", "/", 200, TimeSpan.FromMilliseconds(5), At)], At, At.AddSeconds(1)) },
        { "smoke verdict", SmokeGate.Evaluate(["/"], [200], [new ProbeObservation(null, "/", 503, TimeSpan.FromMilliseconds(5), At)]) },
        { "guard decision", GuardWindow.Decide(CanaryJudge.Evaluate(CanaryJudgeConfig.Default, Observations()), At, At.AddMinutes(1), TimeSpan.FromMinutes(10)) },
        { "config diff", ConfigDiff.Compare(["A", "S"], ["A", "B"], new SlotConfigNames(["S"], []), ConfigDiffPolicy.Blocking) },
        { "mann-whitney result", MannWhitney.Test([1, 2, 3], [4, 5, 6], MannWhitneyAlternative.Less) },
        { "canary verdict detail", new VerdictDetail(CanaryJudge.Evaluate(CanaryJudgeConfig.Default, Observations())) },
        { "config diff detail", new VerdictDetail(ConfigDiff.Compare(["A", "S"], ["A", "B"], new SlotConfigNames(["S"], []), ConfigDiffPolicy.Blocking)) },
        { "build identity detail", new VerdictDetail(new BuildIdentityVerdict(BuildIdentityOutcome.Proceed, "v2 on staging", "v2", new ObservedBuild("staging", "v2"), new ObservedBuild("production", "v1"))) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Serialize_WebDefaults_RoundTrips(string name, object value)
    {
        var type = value.GetType();
        string json = JsonSerializer.Serialize(value, type, Web);

        object? back = JsonSerializer.Deserialize(json, type, Web);
        object? backWithConverter = JsonSerializer.Deserialize(json, type, WebWithEnumConverter);

        back.ShouldNotBeNull(name);
        JsonSerializer.Serialize(back, type, Web).ShouldBe(json, name);
        JsonSerializer.Serialize(backWithConverter, type, WebWithEnumConverter).ShouldBe(json, name);
    }

    [Fact]
    public void Serialize_Verdict_UsesCamelCaseAndEnumNames()
    {
        var verdict = CanaryJudge.Evaluate(CanaryJudgeConfig.Default, Observations());

        string json = JsonSerializer.Serialize(verdict, Web);

        json.ShouldContain("\"outcome\":\"Pass\"");
        json.ShouldContain("\"reason\":\"ScoreAbovePass\"");
        json.ShouldContain("\"direction\":\"Increase\"");
    }

    [Fact]
    public void Deserialize_OverridesWithEnumName_Binds()
    {
        var overrides = JsonSerializer.Deserialize<UpgradePolicyOverrides>("""{"approval":{"onTimeout":"Proceed"},"canary":{"steps":[1,2]}}""", Web);

        overrides.ShouldNotBeNull();
        overrides.Approval!.OnTimeout.ShouldBe(ApprovalTimeoutAction.Proceed);
        overrides.Canary!.Steps.ShouldBe([1, 2]);
    }

    private static CanaryObservations Observations() => new(new Dictionary<string, MetricSamples>
    {
        [CanaryJudgeConfig.Http5xxRateMetric] = new([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]),
        [CanaryJudgeConfig.HttpResponseTimeMetric] = new(Baseline, Baseline),
    });
}
