using Seamless.Core.ScaleIn;

namespace Seamless.Core.Tests.ScaleIn;

public sealed class ScaleOutRuleTests
{
    [Theory]
    [InlineData("small plan grows by one", 2, 30, 3, ScaleOutRule.ScaleOut)]
    [InlineData("4 grows by one (25 %)", 4, 30, 5, ScaleOutRule.ScaleOut)]
    [InlineData("8 grows by two", 8, 30, 10, ScaleOutRule.ScaleOut)]
    [InlineData("10 grows by three (ceil 2.5)", 10, 30, 13, ScaleOutRule.ScaleOut)]
    [InlineData("capped at policy max", 28, 30, 30, ScaleOutRule.CappedScaleOut)]
    [InlineData("capped at plan max workers", 9, 10, 10, ScaleOutRule.CappedScaleOut)]
    [InlineData("unknown max workers uses policy max", 29, 0, 30, ScaleOutRule.CappedScaleOut)]
    [InlineData("at max", 30, 30, 30, ScaleOutRule.AtMaximum)]
    [InlineData("above max stays", 35, 40, 35, ScaleOutRule.AtMaximum)]
    public void Compute_Capacity_GivesBoundedTarget(string name, int capacity, int maxWorkers, int expected, string reason)
    {
        var decision = ScaleOutRule.Compute(capacity, maxWorkers, ScaleInPolicy.Default);

        decision.ToCapacity.ShouldBe(expected, name);
        decision.Reason.ShouldBe(reason, name);
        decision.Step.ShouldBe(expected - capacity);
    }
}
