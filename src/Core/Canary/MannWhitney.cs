namespace Seamless.Core.Canary;

/// <summary>
/// The Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples.
/// </summary>
/// <remarks>
/// <para>Method: when both samples hold at most <see cref="ExactMaximumSampleSize"/> values and no value is
/// tied, the p-value comes from the exact null distribution of U (all C(n1+n2, n1) rank assignments are
/// equally likely). Otherwise it comes from the normal approximation with the tie-corrected variance
/// σ² = n1·n2/12 · ((n + 1) − Σ(t³ − t) / (n(n − 1))) and a continuity correction of 0.5 toward the mean.
/// The exact distribution is only valid without ties, hence the normal approximation whenever ties exist
/// (as R's <c>wilcox.test</c> and SciPy's <c>mannwhitneyu</c> do).</para>
/// <para>Convention (as SciPy): U1 counts the pairs (x, y) with x &gt; y, ties counting one half;
/// <see cref="MannWhitneyAlternative.Greater"/> tests whether <c>x</c> tends to be larger than <c>y</c>.</para>
/// </remarks>
public static class MannWhitney
{
    /// <summary>Largest size of each sample for which the exact distribution is used.</summary>
    public const int ExactMaximumSampleSize = 10;

    /// <summary>Runs the test.</summary>
    /// <param name="x">The first sample (non-empty, finite values).</param>
    /// <param name="y">The second sample (non-empty, finite values).</param>
    /// <param name="alternative">The alternative hypothesis, about <paramref name="x"/> relative to <paramref name="y"/>.</param>
    /// <returns>U statistics, the p-value and the method used.</returns>
    public static MannWhitneyResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y, MannWhitneyAlternative alternative)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || y.Count == 0)
        {
            throw new ArgumentException("Both samples must hold at least one value.", x.Count == 0 ? nameof(x) : nameof(y));
        }

        if (x.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Samples must hold finite values only.", nameof(x));
        }

        if (y.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Samples must hold finite values only.", nameof(y));
        }

        int n1 = x.Count;
        int n2 = y.Count;
        var (ranks, tieTerm) = Rank(x, y);
        double rankSumX = 0;
        for (int i = 0; i < n1; i++)
        {
            rankSumX += ranks[i];
        }

        double u1 = rankSumX - (n1 * (n1 + 1) / 2.0);
        double u2 = ((double)n1 * n2) - u1;

        if (tieTerm == 0 && n1 <= ExactMaximumSampleSize && n2 <= ExactMaximumSampleSize)
        {
            double exactP = ExactPValue(n1, n2, u1, alternative);
            return new MannWhitneyResult(u1, u2, Clamp01(exactP), null, MannWhitneyMethod.Exact, alternative, n1, n2);
        }

        double n = n1 + n2;
        double mean = n1 * n2 / 2.0;
        double variance = n1 * (double)n2 / 12.0 * ((n + 1) - (tieTerm / (n * (n - 1))));
        if (variance <= 0)
        {
            // Every value is the same: no evidence of any difference.
            return new MannWhitneyResult(u1, u2, 1.0, 0.0, MannWhitneyMethod.NormalApproximation, alternative, n1, n2);
        }

        double sigma = Math.Sqrt(variance);
        double z;
        double p;
        switch (alternative)
        {
            case MannWhitneyAlternative.Greater:
                z = (u1 - mean - 0.5) / sigma;
                p = NormalDistribution.UpperTail(z);
                break;
            case MannWhitneyAlternative.Less:
                z = (u1 - mean + 0.5) / sigma;
                p = NormalDistribution.LowerTail(z);
                break;
            default:
                z = (Math.Abs(u1 - mean) - 0.5) / sigma;
                p = 2 * NormalDistribution.UpperTail(z);
                break;
        }

        return new MannWhitneyResult(u1, u2, Clamp01(p), z, MannWhitneyMethod.NormalApproximation, alternative, n1, n2);
    }

    private static double Clamp01(double p) => Math.Clamp(p, 0.0, 1.0);

    /// <summary>Average ranks of the pooled sample (x first, then y) and the tie term Σ(t³ − t).</summary>
    private static (double[] Ranks, double TieTerm) Rank(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count + y.Count;
        var values = new double[n];
        for (int i = 0; i < x.Count; i++)
        {
            values[i] = x[i];
        }

        for (int j = 0; j < y.Count; j++)
        {
            values[x.Count + j] = y[j];
        }

        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
        var ranks = new double[n];
        double tieTerm = 0;
        int start = 0;
        while (start < n)
        {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            // Positions start..end (0-based) share the mean of ranks start+1..end+1.
            double averageRank = (start + end + 2) / 2.0;
            for (int k = start; k <= end; k++)
            {
                ranks[order[k]] = averageRank;
            }

            double t = end - start + 1;
            tieTerm += (t * t * t) - t;
            start = end + 1;
        }

        return (ranks, tieTerm);
    }

    /// <summary>Exact p-value from the distribution of U for sizes (n1, n2) without ties.</summary>
    private static double ExactPValue(int n1, int n2, double u1, MannWhitneyAlternative alternative)
    {
        double[] frequencies = UDistribution(n1, n2);
        double total = frequencies.Sum();
        int u = (int)Math.Round(u1);
        double atMost = 0;
        for (int k = 0; k <= u; k++)
        {
            atMost += frequencies[k];
        }

        double atLeast = 0;
        for (int k = u; k < frequencies.Length; k++)
        {
            atLeast += frequencies[k];
        }

        return alternative switch
        {
            MannWhitneyAlternative.Greater => atLeast / total,
            MannWhitneyAlternative.Less => atMost / total,
            _ => Math.Min(1.0, 2 * Math.Min(atMost, atLeast) / total),
        };
    }

    /// <summary>Number of ways each U in 0..n1·n2 arises: subsets of size n1 of ranks 1..n1+n2 by rank sum.</summary>
    private static double[] UDistribution(int n1, int n2)
    {
        int n = n1 + n2;
        int maxSum = n * (n + 1) / 2;

        // ways[j, s]: number of subsets of j ranks among those seen so far with rank sum s.
        var ways = new double[n1 + 1, maxSum + 1];
        ways[0, 0] = 1;
        for (int rank = 1; rank <= n; rank++)
        {
            for (int j = Math.Min(rank, n1); j >= 1; j--)
            {
                for (int s = maxSum; s >= rank; s--)
                {
                    ways[j, s] += ways[j - 1, s - rank];
                }
            }
        }

        int offset = n1 * (n1 + 1) / 2;
        var frequencies = new double[(n1 * n2) + 1];
        for (int u = 0; u < frequencies.Length; u++)
        {
            frequencies[u] = ways[n1, u + offset];
        }

        return frequencies;
    }
}
