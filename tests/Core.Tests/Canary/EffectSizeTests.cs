using Seamless.Core.Canary;

namespace Seamless.Core.Tests.Canary;

public sealed class EffectSizeTests
{
    [Theory]
    [InlineData("canary 20 % worse", 10.0, 12.0, 1.2)]
    [InlineData("canary better", 10.0, 5.0, 0.5)]
    [InlineData("both zero: no change", 0.0, 0.0, 1.0)]
    public void MeanRatio_DefinedCases_IsCanaryOverBaseline(string name, double baseline, double canary, double expected)
    {
        double? ratio = EffectSize.MeanRatio(baseline, canary);

        ratio.ShouldNotBeNull(name);
        ratio.Value.ShouldBe(expected, 1e-12, name);
    }

    [Fact]
    public void MeanRatio_ZeroBaselineNonZeroCanary_IsUndefined()
    {
        EffectSize.MeanRatio(0, 0.01).ShouldBeNull();
    }
}
