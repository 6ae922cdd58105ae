using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Seamless.Core.Canary;

namespace Seamless.Core.Tests.Canary;

public sealed class MannWhitneyTests
{
    private static readonly double[] DepressionX = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    private static readonly double[] DepressionY = [1.15, 0.88, 0.90, 0.74, 1.21];
    private static readonly double[] TiedA = [1, 2, 2, 3, 4, 4, 5, 7, 8, 9, 9, 10];
    private static readonly double[] TiedB = [3, 4, 6, 6, 7, 8, 11, 12, 12, 13, 14, 15];

    // Expected values: Hollander & Wolfe's depression data as in R's ?wilcox.test (W = 35, p = 0.1272 one-sided),
    // exact tail counts, and the tie-corrected normal approximation computed independently (Python math.erfc).
    public static TheoryData<string, double[], double[], MannWhitneyAlternative, double, double, MannWhitneyMethod> TextbookCases => new()
    {
        { "Hollander-Wolfe depression, greater (R: W = 35, p = 0.1272)", DepressionX, DepressionY, MannWhitneyAlternative.Greater, 35, 0.12720612720612720, MannWhitneyMethod.Exact },
        { "Hollander-Wolfe depression, two-sided", DepressionX, DepressionY, MannWhitneyAlternative.TwoSided, 35, 0.25441225441225440, MannWhitneyMethod.Exact },
        { "Hollander-Wolfe depression, less", DepressionX, DepressionY, MannWhitneyAlternative.Less, 35, 0.89676989676989680, MannWhitneyMethod.Exact },
        { "5 v 5 complete separation, less: 1/252", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10], MannWhitneyAlternative.Less, 0, 1.0 / 252, MannWhitneyMethod.Exact },
        { "5 v 5 complete separation, two-sided: 2/252", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10], MannWhitneyAlternative.TwoSided, 0, 2.0 / 252, MannWhitneyMethod.Exact },
        { "3 v 3 complete separation, two-sided: 2/20", [1, 2, 3], [4, 5, 6], MannWhitneyAlternative.TwoSided, 0, 0.1, MannWhitneyMethod.Exact },
        { "5 v 4, greater: 7/126", [19, 22, 16, 29, 24], [20, 11, 17, 12], MannWhitneyAlternative.Greater, 17, 7.0 / 126, MannWhitneyMethod.Exact },
        { "ties, normal approximation, two-sided", TiedA, TiedB, MannWhitneyAlternative.TwoSided, 33.5, 0.027863969207011233, MannWhitneyMethod.NormalApproximation },
        { "ties, normal approximation, less", TiedA, TiedB, MannWhitneyAlternative.Less, 33.5, 0.013931984603505617, MannWhitneyMethod.NormalApproximation },
        { "ties, normal approximation, greater", TiedA, TiedB, MannWhitneyAlternative.Greater, 33.5, 0.98799814506150230, MannWhitneyMethod.NormalApproximation },
        { "15 v 20 with overlap, normal, two-sided", Range(1, 15), Range(10, 29), MannWhitneyAlternative.TwoSided, 18, 1.158919142405885e-05, MannWhitneyMethod.NormalApproximation },
        { "all values equal: p = 1", [3, 3, 3], [3, 3, 3, 3], MannWhitneyAlternative.TwoSided, 6, 1.0, MannWhitneyMethod.NormalApproximation },
    };

    [Theory]
    [MemberData(nameof(TextbookCases))]
    public void Test_TextbookCase_MatchesPublishedValues(string name, double[] x, double[] y, MannWhitneyAlternative alternative, double expectedU1, double expectedP, MannWhitneyMethod expectedMethod)
    {
        var result = MannWhitney.Test(x, y, alternative);

        result.U1.ShouldBe(expectedU1, name);
        result.PValue.ShouldBe(expectedP, 1e-9, name);
        result.Method.ShouldBe(expectedMethod, name);
    }

    [Fact]
    public void Test_ElevenValuesWithoutTies_UsesNormalApproximation()
    {
        var result = MannWhitney.Test(Range(1, 11), Range(12, 16), MannWhitneyAlternative.Less);

        result.Method.ShouldBe(MannWhitneyMethod.NormalApproximation);
        result.Z.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("empty x", 0, 3)]
    [InlineData("empty y", 3, 0)]
    public void Test_EmptySample_Throws(string name, int n1, int n2)
    {
        var act = () => MannWhitney.Test(Range(1, n1), Range(1, n2), MannWhitneyAlternative.TwoSided);

        Should.Throw<ArgumentException>(act, name);
    }

    [Fact]
    public void Test_NonFiniteValue_Throws()
    {
        Should.Throw<ArgumentException>(() => MannWhitney.Test([1, double.NaN], [1, 2], MannWhitneyAlternative.TwoSided));
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "1," + PropertyReplay.Gamma)]
    public Property Property_PValueLiesInUnitInterval()
    {
        return Prop.ForAll(Properties.TwoSamples(), s =>
                Enum.GetValues<MannWhitneyAlternative>().All(a =>
                {
                    double p = MannWhitney.Test(s.X, s.Y, a).PValue;
                    return p >= 0 && p <= 1;
                }));
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "2," + PropertyReplay.Gamma)]
    public Property Property_UStatisticsSumToProductOfSizes()
    {
        return Prop.ForAll(Properties.TwoSamples(), s =>
            {
                var r = MannWhitney.Test(s.X, s.Y, MannWhitneyAlternative.TwoSided);
                return r.U1 + r.U2 == (double)s.X.Length * s.Y.Length && r.U1 >= 0 && r.U2 >= 0;
            });
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "3," + PropertyReplay.Gamma)]
    public Property Property_TwoSidedIsSymmetricUnderSwappingSamples()
    {
        return Prop.ForAll(Properties.TwoSamples(), s =>
            {
                var xy = MannWhitney.Test(s.X, s.Y, MannWhitneyAlternative.TwoSided);
                var yx = MannWhitney.Test(s.Y, s.X, MannWhitneyAlternative.TwoSided);
                var greater = MannWhitney.Test(s.X, s.Y, MannWhitneyAlternative.Greater);
                var lessSwapped = MannWhitney.Test(s.Y, s.X, MannWhitneyAlternative.Less);
                return Math.Abs(xy.PValue - yx.PValue) < 1e-12
                    && xy.U1 == yx.U2
                    && Math.Abs(greater.PValue - lessSwapped.PValue) < 1e-12;
            });
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "4," + PropertyReplay.Gamma)]
    public Property Property_InvariantUnderMonotoneTransformOfBothSamples()
    {
        // v ↦ v³ + 2v + 7 is strictly increasing and exact on these values, so ranks and ties are unchanged.
        static double F(double v) => (v * v * v) + (2 * v) + 7;
        var samples = Gen.Zip(Properties.TiedSample(1, 25), Properties.TiedSample(1, 25)).ToArbitrary();

        return Prop.ForAll(samples, s =>
                Enum.GetValues<MannWhitneyAlternative>().All(a =>
                {
                    var original = MannWhitney.Test(s.Item1, s.Item2, a);
                    var transformed = MannWhitney.Test(s.Item1.Select(F).ToArray(), s.Item2.Select(F).ToArray(), a);
                    return original.U1 == transformed.U1 && Math.Abs(original.PValue - transformed.PValue) < 1e-12;
                }));
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "5," + PropertyReplay.Gamma)]
    public Property Property_IdenticalSamplesAreNotSignificant()
    {
        return Prop.ForAll(Properties.Sample(1, 30).ToArbitrary(), x =>
                MannWhitney.Test(x, x, MannWhitneyAlternative.TwoSided).PValue == 1.0
                && MannWhitney.Test(x, x, MannWhitneyAlternative.Greater).PValue >= 0.5
                && MannWhitney.Test(x, x, MannWhitneyAlternative.Less).PValue >= 0.5);
    }

    [Property(MaxTest = Properties.MaxTest, Replay = "6," + PropertyReplay.Gamma)]
    public Property Property_ShiftingOneSampleFarUp_IsSignificantInThatDirection()
    {
        return Prop.ForAll(Properties.TwoSamples(minSize: 4), s =>
            {
                double shift = s.X.Concat(s.Y).Max() - s.X.Concat(s.Y).Min() + 1;
                var up = s.X.Select(v => v + shift).ToArray();

                var greater = MannWhitney.Test(up, s.Y, MannWhitneyAlternative.Greater);
                var less = MannWhitney.Test(up, s.Y, MannWhitneyAlternative.Less);
                var twoSided = MannWhitney.Test(up, s.Y, MannWhitneyAlternative.TwoSided);
                return greater.U1 == (double)s.X.Length * s.Y.Length
                    && greater.IsSignificantAt(0.95)
                    && twoSided.IsSignificantAt(0.95)
                    && !less.IsSignificantAt(0.95);
            });
    }

    private static double[] Range(int from, int to) => Enumerable.Range(from, Math.Max(0, to - from + 1)).Select(i => (double)i).ToArray();
}
