namespace Seamless.Core.Alerts;

/// <summary>
/// The plan CPU alert rules Seamless deploys for every managed plan (<c>infra/modules/alerts.bicep</c>,
/// checked against these values by the infrastructure tests) and the what-if replays, so the replay
/// is like for like. Both rules are stateless metric alerts (<c>autoMitigate: false</c>): every
/// evaluation that meets the condition fires again, each Fired renews the scale-in veto, and the veto
/// ends when the hold period passes without a new Fired.
/// </summary>
public static class PlanAlertRules
{
    /// <summary>CPU high: average <c>CpuPercentage</c> over <see cref="CpuHighWindowMinutes"/> greater than this.</summary>
    public const int CpuHighPercent = 92;

    /// <summary>The CPU-high rule's window (<c>windowSize</c>, minutes).</summary>
    public const int CpuHighWindowMinutes = 5;

    /// <summary>CPU saturated: average <c>CpuPercentage</c> over <see cref="CpuSaturatedWindowMinutes"/> greater than or equal to this.</summary>
    public const int CpuSaturatedPercent = 95;

    /// <summary>The saturation rule's window (minutes; Azure's shortest metric-alert window).</summary>
    public const int CpuSaturatedWindowMinutes = 1;

    /// <summary>How often both rules are evaluated (<c>evaluationFrequency</c>, minutes).</summary>
    public const int EvaluationFrequencyMinutes = 1;
}
