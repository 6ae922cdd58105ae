namespace Seamless.Core.Canary;

/// <summary>Effect size of a canary against its baseline as a ratio of means (Kayenta's <c>meanRatio</c>).</summary>
/// <remarks>
/// Defined for non-negative metrics (rates, latencies, counts). When the baseline mean is zero the ratio is
/// 1 if the canary mean is zero too and undefined (null) otherwise: "infinitely worse" is not a number that
/// serialises, and the judge decides that case from the absolute difference instead.
/// </remarks>
public static class EffectSize
{
    /// <summary>Returns canary mean / baseline mean, or null when the baseline mean is zero and the canary mean is not.</summary>
    /// <param name="baselineMean">The baseline mean.</param>
    /// <param name="canaryMean">The canary mean.</param>
    /// <returns>The ratio, or null when undefined.</returns>
    public static double? MeanRatio(double baselineMean, double canaryMean)
    {
        if (baselineMean == 0)
        {
            return canaryMean == 0 ? 1.0 : null;
        }

        return canaryMean / baselineMean;
    }

    /// <summary>Returns the mean of a non-empty sample.</summary>
    /// <param name="values">The sample.</param>
    /// <returns>The arithmetic mean.</returns>
    public static double Mean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("The sample is empty.", nameof(values));
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Count;
    }
}
