using Seamless.Core.Alerts;
using Seamless.Core.Payloads;
using Seamless.Core.ScaleIn;

namespace Seamless.Core.WhatIf;

/// <summary>Settings of a what-if replay. Defaults are named constants; docs/benchmarks.md explains them.</summary>
public sealed record WhatIfOptions
{
    /// <summary>Default C is the trace peak divided by this: the peak needs 20 instances at 100 % CPU.</summary>
    public const int DefaultPeakInstances = 20;

    /// <summary>Fewest instances of every policy (App Service plans with autoscale keep ≥ 2 for availability).</summary>
    public const int DefaultMinInstances = 2;

    /// <summary>Minutes between asking for an instance and it serving (App Service scale-out typically takes a few minutes); applied to every reactive policy, not to the oracle.</summary>
    public const int DefaultProvisioningDelayMinutes = 3;

    /// <summary>Minutes between Seamless's scale-in sweeps (the timer schedule).</summary>
    public const int DefaultSweepIntervalMinutes = 1;

    /// <summary>Seamless's deployed CPU-high alert: plan CPU average over the window greater than this (<see cref="PlanAlertRules"/>).</summary>
    public const double DefaultAlertCpu = PlanAlertRules.CpuHighPercent;

    /// <summary>The CPU-high alert's window (Azure metric alert <c>windowSize</c>, evaluated every minute).</summary>
    public const int DefaultAlertWindowMinutes = PlanAlertRules.CpuHighWindowMinutes;

    /// <summary>Seamless's deployed saturation alert: plan CPU average over its (short) window at or above this.</summary>
    public const double DefaultSaturationAlertCpu = PlanAlertRules.CpuSaturatedPercent;

    /// <summary>The saturation alert's window (minutes; Azure's shortest metric-alert window is 1 minute).</summary>
    public const int DefaultSaturationAlertWindowMinutes = PlanAlertRules.CpuSaturatedWindowMinutes;

    /// <summary>Memory % fed to the evaluator: the traces carry one demand signal, so memory is a flat, typical worker level.</summary>
    public const double DefaultReplayedMemoryPercent = 30;

    /// <summary>The overload budget the tuned peers must keep: share of the trace's minutes users may feel (%).</summary>
    public const double DefaultOverloadBudgetPercent = 0.1;

    /// <summary>Gets the demand one instance serves per minute at 100 % CPU; null: trace peak / <see cref="PeakInstances"/>.</summary>
    public double? CapacityPerInstance { get; init; }

    /// <summary>
    /// Gets the instances the trace's peak needs at 100 % CPU where <see cref="CapacityPerInstance"/> is not given: how large
    /// a plan the trace is replayed on (the same demand on a plan of 5 instances at its peak or of 100).
    /// </summary>
    public int PeakInstances { get; init; } = DefaultPeakInstances;

    /// <summary>Gets Seamless's policy.</summary>
    public ScaleInPolicy Policy { get; init; } = ScaleInPolicy.Default;

    /// <summary>Gets the fewest instances of every policy.</summary>
    public int MinInstances { get; init; } = DefaultMinInstances;

    /// <summary>Gets the most instances of every reactive policy; null: twice the static-peak size.</summary>
    public int? MaxInstances { get; init; }

    /// <summary>Gets the provisioning delay of new instances (minutes).</summary>
    public int ProvisioningDelayMinutes { get; init; } = DefaultProvisioningDelayMinutes;

    /// <summary>Gets the minutes between Seamless's sweeps.</summary>
    public int SweepIntervalMinutes { get; init; } = DefaultSweepIntervalMinutes;

    /// <summary>Gets Seamless's alert CPU threshold.</summary>
    public double AlertCpu { get; init; } = DefaultAlertCpu;

    /// <summary>Gets Seamless's alert window (minutes).</summary>
    public int AlertWindowMinutes { get; init; } = DefaultAlertWindowMinutes;

    /// <summary>Gets Seamless's saturation alert CPU threshold.</summary>
    public double SaturationAlertCpu { get; init; } = DefaultSaturationAlertCpu;

    /// <summary>Gets Seamless's saturation alert window (minutes).</summary>
    public int SaturationAlertWindowMinutes { get; init; } = DefaultSaturationAlertWindowMinutes;

    /// <summary>Gets the memory % fed to the evaluator.</summary>
    public double ReplayedMemoryPercent { get; init; } = DefaultReplayedMemoryPercent;

    /// <summary>Gets how the peers (Azure autoscale, HPA) are set: documented defaults only, also tuned with hindsight, or also re-tuned online.</summary>
    public WhatIfPeers Peers { get; init; } = WhatIfPeers.Defaults;

    /// <summary>Gets the overload budget (% of minutes) the tuned peers must keep.</summary>
    public double OverloadBudgetPercent { get; init; } = DefaultOverloadBudgetPercent;

    /// <summary>Checks the options.</summary>
    /// <returns>Field errors; empty when usable.</returns>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (CapacityPerInstance is { } c && (!double.IsFinite(c) || c <= 0))
        {
            errors.Add(new("capacityPerInstance", "must be a positive number."));
        }

        if (PeakInstances < 1)
        {
            errors.Add(new("peakInstances", "must be ≥ 1."));
        }

        if (MinInstances < 1)
        {
            errors.Add(new("minInstances", "must be ≥ 1."));
        }

        if (MaxInstances is { } max && max < MinInstances)
        {
            errors.Add(new("maxInstances", "must be ≥ minInstances."));
        }

        if (ProvisioningDelayMinutes < 0)
        {
            errors.Add(new("provisioningDelayMinutes", "must be ≥ 0."));
        }

        if (SweepIntervalMinutes < 1)
        {
            errors.Add(new("sweepIntervalMinutes", "must be ≥ 1."));
        }

        if (AlertWindowMinutes < 1)
        {
            errors.Add(new("alertWindowMinutes", "must be ≥ 1."));
        }

        if (SaturationAlertWindowMinutes < 1)
        {
            errors.Add(new("saturationAlertWindowMinutes", "must be ≥ 1."));
        }

        if (SaturationAlertCpu is <= 0 or > 100)
        {
            errors.Add(new("saturationAlertCpu", "must be in (0, 100]."));
        }

        if (AlertCpu is <= 0 or > 100)
        {
            errors.Add(new("alertCpu", "must be in (0, 100]."));
        }

        if (!double.IsFinite(OverloadBudgetPercent) || OverloadBudgetPercent is < 0 or > 100)
        {
            errors.Add(new("overloadBudgetPercent", "must be in [0, 100]."));
        }

        if (!Enum.IsDefined(Peers))
        {
            errors.Add(new("peers", "must be Defaults, Tuned or Online."));
        }

        errors.AddRange((Policy ?? ScaleInPolicy.Default).Validate().Select(e => e with { Field = "policy." + e.Field }));
        return errors;
    }
}
