namespace Seamless.Core.Canary;

/// <summary>Outlier removal by Tukey's fences, as Kayenta's judge does before its Mann-Whitney test.</summary>
/// <remarks>
/// Values outside [Q1 − k·IQR, Q3 + k·IQR] are dropped, with quartiles by linear interpolation between
/// order statistics (Hyndman-Fan type 7, the default of R and NumPy). The default k = 3 keeps all but
/// "far out" values, so a single stuck minute does not decide a canary. Samples with fewer than
/// <see cref="MinimumSampleSize"/> values are returned unchanged: quartiles of three points say nothing.
/// </remarks>
public static class OutlierFilter
{
    /// <summary>Default fence factor k (Kayenta's <c>outlierFactor</c>).</summary>
    public const double DefaultFactor = 3.0;

    /// <summary>Smallest sample that is filtered.</summary>
    public const int MinimumSampleSize = 4;

    /// <summary>Returns the values inside Tukey's fences, in their original order.</summary>
    /// <param name="values">The sample.</param>
    /// <param name="factor">The fence factor k (non-negative).</param>
    /// <returns>The kept values.</returns>
    public static IReadOnlyList<double> RemoveTukey(IReadOnlyList<double> values, double factor = DefaultFactor)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(factor);
        if (values.Count < MinimumSampleSize)
        {
            return values;
        }

        var sorted = values.Order().ToArray();
        double q1 = Quantile(sorted, 0.25);
        double q3 = Quantile(sorted, 0.75);
        double iqr = q3 - q1;
        double low = q1 - (factor * iqr);
        double high = q3 + (factor * iqr);
        return values.Where(v => v >= low && v <= high).ToArray();
    }

    /// <summary>Type 7 quantile of a sorted sample.</summary>
    internal static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lower = (int)Math.Floor(h);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }
}
