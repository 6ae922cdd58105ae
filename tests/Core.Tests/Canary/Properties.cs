using FsCheck;
using FsCheck.Fluent;

namespace Seamless.Core.Tests.Canary;

/// <summary>Case count and generators of the canary properties; each fixes its seed (see <see cref="PropertyReplay"/>).</summary>
internal static class Properties
{
    /// <summary>Cases per canary property.</summary>
    public const int MaxTest = 300;

    /// <summary>Integer-valued samples in a small range: many ties, exact and approximate paths both hit.</summary>
    public static Gen<double[]> TiedSample(int minSize, int maxSize) =>
        Gen.Choose(minSize, maxSize).SelectMany(n => Gen.Choose(0, 20).Select(i => (double)i).ArrayOf(n));

    /// <summary>Samples with fine-grained values: ties rare.</summary>
    public static Gen<double[]> FineSample(int minSize, int maxSize) =>
        Gen.Choose(minSize, maxSize).SelectMany(n => Gen.Choose(0, 1_000_000).Select(i => i / 1000.0).ArrayOf(n));

    /// <summary>Either kind of sample.</summary>
    public static Gen<double[]> Sample(int minSize, int maxSize) =>
        Gen.OneOf(TiedSample(minSize, maxSize), FineSample(minSize, maxSize));

    public static Arbitrary<(double[] X, double[] Y)> TwoSamples(int minSize = 1, int maxSize = 25) =>
        Gen.Zip(Sample(minSize, maxSize), Sample(minSize, maxSize)).ToArbitrary();
}
