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

    private static readonly PeerFamily<AzureAutoscaleSettings> AzureAutoscaleFamily = new(
        WhatIfPolicyNames.AzureAutoscale,
        WhatIfPolicyNames.AzureAutoscaleTuned,
        WhatIfPolicyNames.AzureAutoscaleShared,
        WhatIfPolicyNames.AzureAutoscaleOnline,
        AzureAutoscaleGrid,
        (model, s) => new AzureAutoscaleController(model.MinInstances, model.MaxInstances, s),
        s => s.ToParameters());

    private static readonly PeerFamily<HpaSettings> HpaFamily = new(
        WhatIfPolicyNames.Hpa,
        WhatIfPolicyNames.HpaTuned,
        WhatIfPolicyNames.HpaShared,
        WhatIfPolicyNames.HpaOnline,
        HpaGrid,
        (model, s) => new HpaController(model.MinInstances, model.MaxInstances, s),
        s => s.ToParameters());

    /// <summary>Tunes both families on a trace.</summary>
    /// <param name="trace">The per-minute demand.</param>
    /// <param name="options">The capacity model's options; <see cref="WhatIfOptions.OverloadBudgetPercent"/> is the budget.</param>
    /// <returns>Azure autoscale, then HPA.</returns>
    public static IReadOnlyList<TunedPolicy> Tune(Trace trace, WhatIfOptions options)
    {
        var (model, need) = Prepared(trace, options);
        return Tune(trace, model, need, options.OverloadBudgetPercent);
    }

    internal static IReadOnlyList<TunedPolicy> Tune(Trace trace, CapacityModel model, int[] need, double budgetPercent) =>
        [.. TuneWithSeries(trace, model, need, budgetPercent).Select(t => t.Policy)];

    /// <summary>Each family tuned as <see cref="Tune(Trace, CapacityModel, int[], double)"/> does, with the chosen setting's replay.</summary>
    internal static IReadOnlyList<(TunedPolicy Policy, ReplaySeries Series)> TuneWithSeries(Trace trace, CapacityModel model, int[] need, double budgetPercent) =>
        [Search(AzureAutoscaleFamily, trace, model, need, budgetPercent), Search(HpaFamily, trace, model, need, budgetPercent)];

    /// <summary>Minutes between an online-tuned peer's re-tunings (<see cref="OnlineTunedPolicy"/>): a day.</summary>
    public const int OnlineRetuneMinutes = 1440;

    /// <summary>
    /// Re-tunes each family online over a trace (<see cref="OnlineTunedPolicy"/>): from its documented default, every day
    /// the cheapest setting of its grid that kept the budget on the demand seen so far.
    /// </summary>
    /// <param name="trace">The per-minute demand.</param>
    /// <param name="options">The capacity model's options; <see cref="WhatIfOptions.OverloadBudgetPercent"/> is the budget.</param>
    /// <returns>Azure autoscale, then HPA.</returns>
    /// <exception cref="ArgumentException">Invalid options, or a trace with no demand.</exception>
    public static IReadOnlyList<OnlineTunedPolicy> TuneOnline(Trace trace, WhatIfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        WhatIfRunner.ThrowIfInvalid(options);
        var (model, need) = Prepared(trace, options);
        return [.. TuneOnlineWithSeries(trace, model, need, options.OverloadBudgetPercent).Select(t => t.Policy)];
    }

    /// <summary>Each family re-tuned online as <see cref="TuneOnline"/> does, with its replay.</summary>
    internal static IReadOnlyList<(OnlineTunedPolicy Policy, ReplaySeries Series)> TuneOnlineWithSeries(Trace trace, CapacityModel model, int[] need, double budgetPercent) =>
        [Online(AzureAutoscaleFamily, AzureAutoscaleSettings.Default, trace, model, need, budgetPercent), Online(HpaFamily, HpaSettings.Default, trace, model, need, budgetPercent)];

    /// <summary>
    /// Tunes each family once for several traces: the one setting of its grid that keeps the budget on the most of them,
    /// and among those the cheapest on average (mean instance-hours × oracle, each trace weighing the same) — what an
    /// operator who sets a peer once for every plan could have chosen with hindsight on these traces. Seamless has one
    /// default too; <see cref="Tune"/> gives each peer a setting of its own per trace, which no operator has.
    /// Deterministic: ties go to fewer overloaded minutes in all, then the earlier setting of the grid.
    /// </summary>
    /// <param name="traces">The traces the setting is chosen on (at least one).</param>
    /// <param name="options">The capacity model's options; <see cref="WhatIfOptions.OverloadBudgetPercent"/> is the budget.</param>
    /// <returns>Azure autoscale, then HPA.</returns>
    /// <exception cref="ArgumentException">No traces, invalid options, or a trace with no demand.</exception>
    public static IReadOnlyList<SharedPeerSetting> TuneShared(IReadOnlyList<Trace> traces, WhatIfOptions options)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentNullException.ThrowIfNull(options);
        if (traces.Count == 0)
        {
            throw new ArgumentException("One setting for several traces needs at least one trace.", nameof(traces));
        }

        WhatIfRunner.ThrowIfInvalid(options);

        var replays = traces.Select(trace =>
        {
            var (model, need) = Prepared(trace, options);
            return (trace, model, need);
        }).ToList();
        return
        [
            SearchShared(AzureAutoscaleFamily, replays, options.OverloadBudgetPercent),
            SearchShared(HpaFamily, replays, options.OverloadBudgetPercent),
        ];
    }

    /// <summary>Replays a shared setting (<see cref="TuneShared"/>) on a trace, which need not be one it was chosen on.</summary>
    /// <param name="shared">The setting.</param>
    /// <param name="trace">The per-minute demand.</param>
    /// <param name="options">The capacity model's options.</param>
    /// <returns>Its figures; <see cref="PolicyResult.Name"/> is <see cref="SharedPeerSetting.Name"/>.</returns>
    /// <exception cref="ArgumentException">A trace with no demand.</exception>
    public static PolicyResult Replay(SharedPeerSetting shared, Trace trace, WhatIfOptions options)
    {
        ArgumentNullException.ThrowIfNull(shared);
        var (model, need) = Prepared(trace, options);
        return WhatIfRunner.Figures(shared.Name, WhatIfRunner.Simulate(trace, model, shared.Controller(model)), need);
    }

    private static (CapacityModel Model, int[] Need) Prepared(Trace trace, WhatIfOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(options);
        if (trace.Minutes == 0 || trace.Peak <= 0)
        {
            throw new ArgumentException($"The trace '{trace.Name}' has no demand to replay.", nameof(trace));
        }

        var model = WhatIfRunner.Model(trace, options);
        return (model, WhatIfRunner.Need(trace, model));
    }

    /// <summary>Instance-minutes and overloaded minutes of every setting of a grid on one trace (in parallel).</summary>
    internal static (long[] InstanceMinutes, int[] Overload) Score<TSettings>(IReadOnlyList<TSettings> grid, Func<TSettings, IReplayController> controller, Trace trace, CapacityModel model)
    {
        var instanceMinutes = new long[grid.Count];
        var overload = new int[grid.Count];
        Parallel.For(0, grid.Count, i =>
        {
            var series = WhatIfRunner.Simulate(trace, model, controller(grid[i]));
            instanceMinutes[i] = series.Billed.Sum(b => (long)b);
            overload[i] = WhatIfRunner.OverloadMinutes(series.Utilisation);
        });
        return (instanceMinutes, overload);
    }

    private static (TunedPolicy Policy, ReplaySeries Series) Search<TSettings>(PeerFamily<TSettings> family, Trace trace, CapacityModel model, int[] need, double budgetPercent)
    {
        var (instanceMinutes, overload) = Score(family.Grid, s => family.Controller(model, s), trace, model);
        var (chosen, meetsBudget) = Cheapest(instanceMinutes, overload, budgetPercent * trace.Minutes / 100);
        var series = WhatIfRunner.Simulate(trace, model, family.Controller(model, family.Grid[chosen]));
        var result = WhatIfRunner.Figures(family.TunedName, series, need);
        return (new TunedPolicy(family.Name, budgetPercent, meetsBudget, family.Grid.Count, family.Parameters(family.Grid[chosen]), result), series);
    }

    /// <summary>
    /// The setting with the fewest instance-minutes among those with at most <paramref name="allowed"/> overloaded minutes
    /// (ties: fewer overloaded minutes, then the earlier setting); when none keeps it, the least overloaded (ties: fewer
    /// instance-minutes, then the earlier).
    /// </summary>
    internal static (int Index, bool MeetsBudget) Cheapest(long[] instanceMinutes, int[] overload, double allowed)
    {
        int? cheapest = null;
        var least = 0;
        for (var i = 0; i < instanceMinutes.Length; i++)
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

        return (cheapest ?? least, cheapest is not null);
    }

    private static (OnlineTunedPolicy Policy, ReplaySeries Series) Online<TSettings>(PeerFamily<TSettings> family, TSettings initial, Trace trace, CapacityModel model, int[] need, double budgetPercent)
        where TSettings : notnull
    {
        var controller = new OnlineTunedController<TSettings>(family.Grid, initial, s => family.Controller(model, s), model, budgetPercent, OnlineRetuneMinutes);
        var series = WhatIfRunner.Simulate(trace, model, controller);
        var result = WhatIfRunner.Figures(family.OnlineName, series, need);
        var meetsBudget = result.OverloadMinutes <= (budgetPercent * trace.Minutes / 100) + 1e-9;
        var settings = controller.Settings.Select(s => new OnlineSetting(s.FromMinute, family.Parameters(s.Setting))).ToList();
        return (new OnlineTunedPolicy(family.Name, budgetPercent, meetsBudget, family.Grid.Count, OnlineRetuneMinutes, controller.Retunings, settings, result), series);
    }

    private static SharedPeerSetting SearchShared<TSettings>(PeerFamily<TSettings> family, List<(Trace Trace, CapacityModel Model, int[] Need)> replays, double budgetPercent)
    {
        var settings = family.Grid.Count;
        var kept = new int[settings];
        var timesOracle = new double[settings];
        var overload = new long[settings];
        foreach (var (trace, model, need) in replays)
        {
            var (instanceMinutes, overloadHere) = Score(family.Grid, s => family.Controller(model, s), trace, model);
            var oracle = need.Sum(n => (long)n);
            var allowed = budgetPercent * trace.Minutes / 100;
            for (var i = 0; i < settings; i++)
            {
                kept[i] += overloadHere[i] <= allowed + 1e-9 ? 1 : 0;
                timesOracle[i] += (double)instanceMinutes[i] / oracle / replays.Count;
                overload[i] += overloadHere[i];
            }
        }

        var chosen = 0;
        for (var i = 1; i < settings; i++)
        {
            if (kept[i] > kept[chosen]
                || (kept[i] == kept[chosen] && (timesOracle[i] < timesOracle[chosen] - 1e-12
                    || (Math.Abs(timesOracle[i] - timesOracle[chosen]) <= 1e-12 && overload[i] < overload[chosen]))))
            {
                chosen = i;
            }
        }

        var setting = family.Grid[chosen];
        return new SharedPeerSetting(family.Name, family.SharedName, budgetPercent, replays.Count, kept[chosen], settings, family.Parameters(setting), timesOracle[chosen])
        {
            Controller = model => family.Controller(model, setting),
        };
    }

    /// <summary>A peer family: its names, its grid and how a setting of it replays.</summary>
    private sealed record PeerFamily<TSettings>(
        string Name,
        string TunedName,
        string SharedName,
        string OnlineName,
        IReadOnlyList<TSettings> Grid,
        Func<CapacityModel, TSettings, IReplayController> Controller,
        Func<TSettings, IReadOnlyDictionary<string, double>> Parameters);
}
