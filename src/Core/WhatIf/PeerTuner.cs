namespace Seamless.Core.WhatIf;

/// <summary>
/// Tunes the peer families with hindsight on one trace: every setting of a coarse grid is replayed on the same capacity
/// model as the defaults, and the cheapest (fewest instance-hours) that keeps the overload budget wins — so Seamless is
/// compared with each peer at the same promise, not at the peer's default overload. When no setting keeps the budget
/// the one with the least overload is reported, marked as missing it. Deterministic: settings are scored in parallel
/// but chosen in grid order (ties: fewer overload minutes, then the earlier setting).
/// </summary>
public static class PeerTuner
{
    /// <summary>
    /// Gets the Azure autoscale grid: out threshold 50–95 % × in threshold 20–80 % (at least 10 points below out) ×
    /// window 5/10/20 min (Azure's <c>timeWindow</c> is at least 5 min) × cooldown 1/5/10 min × step 1–3. Holds the defaults.
    /// </summary>
    public static IReadOnlyList<AzureAutoscaleSettings> AzureAutoscaleGrid { get; } =
    [
        .. from outThreshold in new double[] { 50, 60, 70, 80, 90, 95 }
           from inThreshold in new double[] { 20, 30, 40, 50, 60, 70, 80 }
           where inThreshold <= outThreshold - 10
           from window in new[] { 5, 10, 20 }
           from cooldown in new[] { 1, 5, 10 }
           from step in new[] { 1, 2, 3 }
           select new AzureAutoscaleSettings(outThreshold, inThreshold, window, cooldown, step),
    ];

    /// <summary>Gets the HPA grid: target 40–95 % × tolerance 0/5/10/20 % × scale-down stabilisation 1–15 min. Holds the defaults.</summary>
    public static IReadOnlyList<HpaSettings> HpaGrid { get; } =
    [
        .. from target in new double[] { 40, 50, 60, 70, 75, 80, 85, 90, 95 }
           from tolerance in new[] { 0, 0.05, 0.1, 0.2 }
           from stabilisation in new[] { 1, 3, 5, 10, 15 }
           select new HpaSettings(target, tolerance, stabilisation),
    ];

    /// <summary>Tunes both families on a trace.</summary>
    /// <param name="trace">The per-minute demand.</param>
    /// <param name="options">The capacity model's options; <see cref="WhatIfOptions.OverloadBudgetPercent"/> is the budget.</param>
    /// <returns>Azure autoscale, then HPA.</returns>
    public static IReadOnlyList<TunedPolicy> Tune(Trace trace, WhatIfOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(options);
        if (trace.Minutes == 0 || trace.Peak <= 0)
        {
            throw new ArgumentException("The trace has no demand to replay.", nameof(trace));
        }

        var model = WhatIfRunner.Model(trace, options);
        return Tune(trace, model, WhatIfRunner.Need(trace, model), options.OverloadBudgetPercent);
    }

    internal static IReadOnlyList<TunedPolicy> Tune(Trace trace, CapacityModel model, int[] need, double budgetPercent) =>
    [
        Search(
            WhatIfPolicyNames.AzureAutoscale,
            WhatIfPolicyNames.AzureAutoscaleTuned,
            AzureAutoscaleGrid,
            s => new AzureAutoscaleController(model.MinInstances, model.MaxInstances, s),
            s => s.ToParameters(),
            trace,
            model,
            need,
            budgetPercent),
        Search(
            WhatIfPolicyNames.Hpa,
            WhatIfPolicyNames.HpaTuned,
            HpaGrid,
            s => new HpaController(model.MinInstances, model.MaxInstances, s),
            s => s.ToParameters(),
            trace,
            model,
            need,
            budgetPercent),
    ];

    private static TunedPolicy Search<TSettings>(
        string family,
        string name,
        IReadOnlyList<TSettings> grid,
        Func<TSettings, IReplayController> controller,
        Func<TSettings, IReadOnlyDictionary<string, double>> parameters,
        Trace trace,
        CapacityModel model,
        int[] need,
        double budgetPercent)
    {
        var instanceMinutes = new long[grid.Count];
        var overload = new int[grid.Count];
        Parallel.For(0, grid.Count, i =>
        {
            var series = WhatIfRunner.Simulate(trace, model, controller(grid[i]));
            instanceMinutes[i] = series.Billed.Sum(b => (long)b);
            overload[i] = WhatIfRunner.OverloadMinutes(series.Utilisation);
        });

        var allowed = budgetPercent * trace.Minutes / 100;
        int? cheapest = null;
        var least = 0;
        for (var i = 0; i < grid.Count; i++)
        {
            if (overload[i] <= allowed + 1e-9
                && (cheapest is not { } c || instanceMinutes[i] < instanceMinutes[c] || (instanceMinutes[i] == instanceMinutes[c] && overload[i] < overload[c])))
            {
                cheapest = i;
            }

            if (overload[i] < overload[least] || (overload[i] == overload[least] && instanceMinutes[i] < instanceMinutes[least]))
            {
                least = i;
            }
        }

        var chosen = cheapest ?? least;
        var result = WhatIfRunner.Figures(name, WhatIfRunner.Simulate(trace, model, controller(grid[chosen])), need);
        return new TunedPolicy(family, budgetPercent, cheapest is not null, grid.Count, parameters(grid[chosen]), result);
    }
}
