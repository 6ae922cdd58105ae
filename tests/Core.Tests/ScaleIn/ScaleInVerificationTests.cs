using Seamless.Core.ScaleIn;

namespace Seamless.Core.Tests.ScaleIn;

public sealed class ScaleInVerificationTests
{
    private static readonly VerificationSample Baseline = new(Http5xxRatePercent: 0.2, LatencyMs: 200, CpuPercent: 45);

    [Theory]
    [InlineData("nothing changed", 0.2, 200.0, 45.0, VerificationOutcome.Keep, ScaleInVerification.Healthy)]
    [InlineData("expected CPU rise below the line", 0.2, 210.0, 54.0, VerificationOutcome.Keep, ScaleInVerification.Healthy)]
    [InlineData("5xx up half a point exactly", 0.7, 200.0, 50.0, VerificationOutcome.Keep, ScaleInVerification.Healthy)]
    [InlineData("5xx up a point", 1.2, 200.0, 50.0, VerificationOutcome.Revert, ScaleInVerification.ErrorRateRose)]
    [InlineData("latency up 30 % and 60 ms", 0.2, 260.0, 50.0, VerificationOutcome.Revert, ScaleInVerification.LatencyRose)]
    [InlineData("latency up 15 %", 0.2, 230.0, 50.0, VerificationOutcome.Keep, ScaleInVerification.Healthy)]
    [InlineData("CPU at the line", 0.2, 200.0, 70.0, VerificationOutcome.Revert, ScaleInVerification.CpuOverLine)]
    public void Evaluate_AfterWindow_KeepsOrReverts(string name, double errors, double latency, double cpu, VerificationOutcome outcome, string reason)
    {
        var after = new VerificationSample(errors, latency, cpu);

        var verdict = ScaleInVerification.Evaluate(Baseline, after, ScaleInScenario.Policy);

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Reason.ShouldBe(reason, name);
    }

    [Theory]
    [InlineData("headroom still fits the smaller plan", 5, 10, 8, 20, null)]
    [InlineData("headroom needs exactly what the step left", 8, 10, 8, 20, null)]
    [InlineData("demand outgrew the step: back to the size before it", 9, 10, 8, 20, 10)]
    [InlineData("demand outgrew the size before the step too", 13, 10, 8, 20, 13)]
    [InlineData("the plan's maximum bounds the growth", 30, 10, 8, 12, 12)]
    [InlineData("the maximum is what the step left: nothing to grow", 30, 10, 8, 8, null)]
    public void DemandOutgrewStep_GrowsOnlyWhenTheHeadroomNeedsMoreThanTheStepLeft(string name, int required, int from, int to, int max, int? expected)
    {
        var estimate = new Core.ScaleIn.Headroom.HeadroomEstimate(0.1, 3, 1.1, new Core.ScaleIn.Headroom.HeadroomSetting(1.1, 5, Seasonal: false), required / 1.1, null, required, required - (required / 1.1), Learned: true, 0.02);

        ScaleInVerification.DemandOutgrewStep(estimate, from, to, max).ShouldBe(expected, name);
    }

    [Fact]
    public void DemandOutgrewStep_NoEstimate_KeepsWatching() =>
        ScaleInVerification.DemandOutgrewStep(null, 10, 8, 20).ShouldBeNull();

    [Fact]
    public void Evaluate_FastSiteLatencyDoubles_BelowTheAbsoluteFloorKeeps()
    {
        var baseline = new VerificationSample(0, 20, 40);
        var after = new VerificationSample(0, 45, 48);

        var verdict = ScaleInVerification.Evaluate(baseline, after, ScaleInScenario.Policy);

        verdict.Outcome.ShouldBe(VerificationOutcome.Keep);
    }

    [Fact]
    public void Evaluate_MissingFigures_SkipsThoseChecksAndSaysSo()
    {
        var after = new VerificationSample(null, null, 50);

        var verdict = ScaleInVerification.Evaluate(Baseline with { LatencyMs = null }, after, ScaleInScenario.Policy);

        verdict.Outcome.ShouldBe(VerificationOutcome.Keep);
        verdict.Message.ShouldContain("5xx rate");
        verdict.Message.ShouldContain("latency");
    }
}
