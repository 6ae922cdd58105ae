using System.Text.Json;
using Seamless.Core.Canary;
using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class UpgradePolicyTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Default_Knobs_HaveDocumentedValues()
    {
        var policy = UpgradePolicy.Default;

        policy.Warmup.Paths.ShouldBe(["/"]);
        policy.Warmup.AllowedStatusCodes.ShouldBe([200]);
        policy.Warmup.LatencyBound.ShouldBe(TimeSpan.FromSeconds(2));
        policy.Warmup.ConsecutivePasses.ShouldBe(3);
        policy.Warmup.Timeout.ShouldBe(TimeSpan.FromMinutes(10));
        policy.Warmup.ProbeInterval.ShouldBe(TimeSpan.FromSeconds(5));
        policy.SmokePaths.ShouldBeEmpty();
        policy.Canary.Enabled.ShouldBeFalse();
        policy.Canary.Steps.ShouldBe([10, 25, 50]);
        policy.Canary.StepInterval.ShouldBe(TimeSpan.FromMinutes(5));
        policy.Canary.Judge.ShouldBeSameAs(CanaryJudgeConfig.Default);
        policy.Approval.Required.ShouldBeFalse();
        policy.Approval.Timeout.ShouldBe(TimeSpan.FromMinutes(30));
        policy.Approval.OnTimeout.ShouldBe(ApprovalTimeoutAction.Abort);
        policy.GuardWindow.ShouldBe(TimeSpan.FromMinutes(10));
        policy.GuardInterval.ShouldBe(TimeSpan.FromMinutes(2));
        policy.GuardWithoutEvidence.ShouldBe(GuardWithoutEvidenceAction.SwapBack);
        policy.ConfigDiffBlocks.ShouldBeFalse();
        policy.StalePreviewAfter.ShouldBe(TimeSpan.FromMinutes(30));
        policy.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Merge_Null_ReturnsTheSamePolicy()
    {
        UpgradePolicy.Default.Merge(null).ShouldBeSameAs(UpgradePolicy.Default);
    }

    [Fact]
    public void Merge_Overrides_ReplaceOnlyTheGivenFields()
    {
        var overrides = new UpgradePolicyOverrides
        {
            Warmup = new WarmupPolicyOverrides { Paths = ["/health"], ConsecutivePasses = 5 },
            SmokePaths = ["/api/ping"],
            Canary = new CanaryPolicyOverrides { Enabled = true, Steps = [5, 50], PassThreshold = 90 },
            Approval = new ApprovalPolicyOverrides { Required = true, OnTimeout = ApprovalTimeoutAction.Proceed },
            GuardWindow = TimeSpan.FromMinutes(20),
            GuardWithoutEvidence = GuardWithoutEvidenceAction.Promote,
            ConfigDiffBlocks = true,
        };

        var merged = UpgradePolicy.Default.Merge(overrides);

        merged.Warmup.Paths.ShouldBe(["/health"]);
        merged.Warmup.ConsecutivePasses.ShouldBe(5);
        merged.Warmup.LatencyBound.ShouldBe(WarmupPolicy.DefaultLatencyBound);
        merged.SmokePaths.ShouldBe(["/api/ping"]);
        merged.Canary.Enabled.ShouldBeTrue();
        merged.Canary.Steps.ShouldBe([5, 50]);
        merged.Canary.StepInterval.ShouldBe(CanaryPolicy.DefaultStepInterval);
        merged.Canary.Judge.PassThreshold.ShouldBe(90);
        merged.Canary.Judge.MarginalThreshold.ShouldBe(CanaryJudgeConfig.DefaultMarginalThreshold);
        merged.Canary.Judge.Metrics.ShouldBe(CanaryJudgeConfig.Default.Metrics);
        merged.Approval.Required.ShouldBeTrue();
        merged.Approval.Timeout.ShouldBe(ApprovalPolicy.DefaultTimeout);
        merged.Approval.OnTimeout.ShouldBe(ApprovalTimeoutAction.Proceed);
        merged.GuardWindow.ShouldBe(TimeSpan.FromMinutes(20));
        merged.GuardInterval.ShouldBe(UpgradePolicy.DefaultGuardInterval);
        merged.GuardWithoutEvidence.ShouldBe(GuardWithoutEvidenceAction.Promote);
        merged.ConfigDiffBlocks.ShouldBeTrue();
        merged.StalePreviewAfter.ShouldBe(UpgradePolicy.DefaultStalePreviewAfter);
    }

    public static TheoryData<string, string, string> InvalidCases => new()
    {
        { "no warm-up path", """{"warmup":{"paths":[]}}""", "warmup.paths" },
        { "relative warm-up path", """{"warmup":{"paths":["/","health"]}}""", "warmup.paths[1]" },
        { "status code out of range", """{"warmup":{"allowedStatusCodes":[200,99]}}""", "warmup.allowedStatusCodes[1]" },
        { "no status codes", """{"warmup":{"allowedStatusCodes":[]}}""", "warmup.allowedStatusCodes" },
        { "zero latency bound", """{"warmup":{"latencyBound":"00:00:00"}}""", "warmup.latencyBound" },
        { "zero consecutive passes", """{"warmup":{"consecutivePasses":0}}""", "warmup.consecutivePasses" },
        { "negative timeout", """{"warmup":{"timeout":"-00:01:00"}}""", "warmup.timeout" },
        { "probe interval not below timeout", """{"warmup":{"probeInterval":"00:20:00"}}""", "warmup.probeInterval" },
        { "smoke path with scheme", """{"smokePaths":["https://x/"]}""", "smokePaths[0]" },
        { "canary step of 100", """{"canary":{"steps":[10,100]}}""", "canary.steps[1]" },
        { "canary steps not increasing", """{"canary":{"steps":[25,10]}}""", "canary.steps[1]" },
        { "canary enabled without steps", """{"canary":{"enabled":true,"steps":[]}}""", "canary.steps" },
        { "zero step interval", """{"canary":{"stepInterval":"00:00:00"}}""", "canary.stepInterval" },
        { "confidence level above 1", """{"canary":{"confidenceLevel":1.5}}""", "canary.judge.confidenceLevel" },
        { "pass threshold above 100", """{"canary":{"passThreshold":101}}""", "canary.judge.passThreshold" },
        { "marginal above pass", """{"canary":{"marginalThreshold":80}}""", "canary.judge.marginalThreshold" },
        { "zero approval timeout", """{"approval":{"timeout":"00:00:00"}}""", "approval.timeout" },
        { "negative guard window", """{"guardWindow":"-00:01:00"}""", "guardWindow" },
        { "guard interval above window", """{"guardInterval":"00:15:00"}""", "guardInterval" },
        { "zero stale-preview age", """{"stalePreviewAfter":"00:00:00"}""", "stalePreviewAfter" },
        { "guard without evidence not an action", """{"guardWithoutEvidence":7}""", "guardWithoutEvidence" },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_InvalidOverride_NamesTheField(string name, string overridesJson, string path)
    {
        var overrides = JsonSerializer.Deserialize<UpgradePolicyOverrides>(overridesJson, Web);

        var errors = UpgradePolicy.Default.Merge(overrides).Validate();

        errors.ShouldContain(e => e.Field == path, name);
        errors.ShouldAllBe(e => e.Message.Length > 0, name);
    }

    [Fact]
    public void Validate_InvalidJudgeMetric_NamesTheNestedField()
    {
        var policy = UpgradePolicy.Default with
        {
            Canary = UpgradePolicy.Default.Canary with
            {
                Judge = CanaryJudgeConfig.Default with { Metrics = [CanaryJudgeConfig.Default.Metrics[0] with { MinimumSamples = 0 }] },
            },
        };

        policy.Validate().ShouldContain(e => e.Field == "canary.judge.metrics[0].minimumSamples");
    }

    [Fact]
    public void Validate_ZeroGuardWindow_TurnsTheGuardOff()
    {
        var policy = UpgradePolicy.Default with { GuardWindow = TimeSpan.Zero };

        policy.Validate().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"guardWithoutEvidence":"Promote"}""", GuardWithoutEvidenceAction.Promote)]
    [InlineData("""{"guardWithoutEvidence":"SwapBack"}""", GuardWithoutEvidenceAction.SwapBack)]
    [InlineData("""{}""", GuardWithoutEvidenceAction.SwapBack)]
    public void Merge_GuardWithoutEvidenceByName_AppliesOrKeepsFailClosed(string overridesJson, GuardWithoutEvidenceAction expected)
    {
        var overrides = JsonSerializer.Deserialize<UpgradePolicyOverrides>(overridesJson, Web);

        var merged = UpgradePolicy.Default.Merge(overrides);

        merged.GuardWithoutEvidence.ShouldBe(expected);
        merged.Validate().ShouldBeEmpty();
    }
}
