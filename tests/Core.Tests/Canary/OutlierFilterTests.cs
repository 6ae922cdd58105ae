using Seamless.Core.Canary;

namespace Seamless.Core.Tests.Canary;

public sealed class OutlierFilterTests
{
    public static TheoryData<string, double[], double, double[]> Cases => new()
    {
        { "far-out high value removed", [10, 11, 12, 13, 14, 100], 3.0, [10, 11, 12, 13, 14] },
        { "far-out low value removed", [-100, 10, 11, 12, 13, 14], 3.0, [10, 11, 12, 13, 14] },
        { "mild outlier kept at k = 3", [10, 11, 12, 13, 14, 20], 3.0, [10, 11, 12, 13, 14, 20] },
        { "mild outlier removed at k = 1.5", [10, 11, 12, 13, 14, 20], 1.5, [10, 11, 12, 13, 14] },
        { "fewer than four values unchanged", [1, 2, 1000], 3.0, [1, 2, 1000] },
        { "constant sample unchanged", [5, 5, 5, 5, 5], 3.0, [5, 5, 5, 5, 5] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RemoveTukey_Sample_KeepsValuesInsideFences(string name, double[] values, double factor, double[] expected)
    {
        var kept = OutlierFilter.RemoveTukey(values, factor);

        kept.ShouldBe(expected, name);
    }
}
