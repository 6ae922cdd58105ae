namespace Seamless.Core.WhatIf;

/// <summary>
/// SPEC RG Cloud elasticity metrics over equally spaced samples of resource demand d_t (the fewest resource units
/// that meet the objective) and supply s_t (the units available to serve). Pure.
/// </summary>
/// <remarks>
/// Definitions as in N. Herbst et al., "Ready for Rain? A View from SPEC Research on the Future of Cloud Metrics"
/// (SPEC RG technical report SPEC-RG-2016-01) and their refinement in N. Herbst et al., "Quantifying Cloud Performance
/// and Dependability: Taxonomy, Metric Design, and Emerging Challenges", ACM TOMPECS 3(4), 2018, §4 (elasticity):
/// with T samples of equal length,
/// <list type="bullet">
/// <item>accuracy θU = 100 / T · Σ max(d_t − s_t, 0) / d_t and θO = 100 / T · Σ max(s_t − d_t, 0) / d_t (the demand-normalised
/// variant, so traces of different size compare);</item>
/// <item>timeshare τU = 100 / T · #{t : s_t &lt; d_t} and τO = 100 / T · #{t : s_t &gt; d_t};</item>
/// <item>instability υ = 100 / (T − 1) · #{t ≥ 1 : sgn(s_t − s_(t−1)) ≠ sgn(d_t − d_(t−1))} — the share of steps in which the supply
/// does not follow the demand's direction (it moves against it, moves while demand is flat, or stays while demand moves);
/// this is the instability definition we use;</item>
/// <item>jitter j = (E_S − E_D) / hours, E = the number of steps in which the series changes (adaptations), so a policy
/// that adapts less often than the demand has a negative jitter.</item>
/// </list>
/// A sample with zero demand has no share to normalise by: its excess counts relative to one resource unit.
/// </remarks>
public static class SpecElasticity
{
    /// <summary>Computes the metrics.</summary>
    /// <param name="demand">Resource demand per sample (resource units, ≥ 0).</param>
    /// <param name="supply">Resource supply per sample (same units and length).</param>
    /// <param name="sampleMinutes">Length of one sample in minutes (for the jitter's per-hour rate).</param>
    /// <returns>The metrics; all zero for an empty series.</returns>
    public static ElasticityMetrics Compute(IReadOnlyList<double> demand, IReadOnlyList<double> supply, double sampleMinutes = 1)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(supply);
        ArgumentOutOfRangeException.ThrowIfNotEqual(supply.Count, demand.Count, nameof(supply));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleMinutes);
        var n = demand.Count;
        if (n == 0)
        {
            return new ElasticityMetrics(0, 0, 0, 0, 0, 0);
        }

        double under = 0, over = 0;
        int underSteps = 0, overSteps = 0, unstable = 0, supplyChanges = 0, demandChanges = 0;
        for (var t = 0; t < n; t++)
        {
            var d = demand[t];
            var s = supply[t];
            var scale = d > 0 ? d : 1;
            if (s < d)
            {
                under += (d - s) / scale;
                underSteps++;
            }
            else if (s > d)
            {
                over += (s - d) / scale;
                overSteps++;
            }

            if (t == 0)
            {
                continue;
            }

            var supplyMove = Math.Sign(s - supply[t - 1]);
            var demandMove = Math.Sign(d - demand[t - 1]);
            unstable += supplyMove != demandMove ? 1 : 0;
            supplyChanges += supplyMove != 0 ? 1 : 0;
            demandChanges += demandMove != 0 ? 1 : 0;
        }

        var hours = n * sampleMinutes / 60;
        return new ElasticityMetrics(
            Round(100 * under / n),
            Round(100 * over / n),
            Round(100.0 * underSteps / n),
            Round(100.0 * overSteps / n),
            n > 1 ? Round(100.0 * unstable / (n - 1)) : 0,
            Round((supplyChanges - demandChanges) / hours));
    }

    private static double Round(double value) => Math.Round(value, 3);
}
