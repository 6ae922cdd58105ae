namespace Seamless.Core.Canary;

/// <summary>Standard normal tail probabilities (the BCL has no erf).</summary>
/// <remarks>
/// erfc is computed from the positive-term series of erf for |x| &lt; 3 and from the continued fraction of
/// erfc beyond; both are accurate to about 1e-15, far more than any decision here needs.
/// </remarks>
internal static class NormalDistribution
{
    private const double SqrtPi = 1.7724538509055160273;
    private const double Sqrt2 = 1.4142135623730950488;

    /// <summary>P(Z ≥ z).</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Sqrt2);

    /// <summary>P(Z ≤ z).</summary>
    public static double LowerTail(double z) => 0.5 * Erfc(-z / Sqrt2);

    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2.0 - Erfc(-x);
        }

        return x < 3.0 ? 1.0 - ErfSeries(x) : ErfcContinuedFraction(x);
    }

    // erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)); all terms positive, so no cancellation.
    private static double ErfSeries(double x)
    {
        double term = x;
        double sum = x;
        double x2 = x * x;
        for (int n = 1; n < 200; n++)
        {
            term *= 2.0 * x2 / ((2 * n) + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return 2.0 / SqrtPi * Math.Exp(-x2) * sum;
    }

    // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated by modified Lentz.
    private static double ErfcContinuedFraction(double x)
    {
        const double Tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++)
        {
            double a = k / 2.0;
            d = x + (a * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = x + (a / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x * x) / SqrtPi / f;
    }
}
