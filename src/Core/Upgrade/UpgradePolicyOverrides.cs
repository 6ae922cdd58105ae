using Seamless.Core.Canary;

namespace Seamless.Core.Upgrade;

/// <summary>Optional overrides of <see cref="UpgradePolicy"/> (the API's optional <c>policy</c> body); null = keep.</summary>
public sealed record UpgradePolicyOverrides
{
    /// <summary>Gets the warm-up overrides.</summary>
    public WarmupPolicyOverrides? Warmup { get; init; }

    /// <summary>Gets the smoke paths (replaces the list).</summary>
    public IReadOnlyList<string>? SmokePaths { get; init; }

    /// <summary>Gets the canary overrides.</summary>
    public CanaryPolicyOverrides? Canary { get; init; }

    /// <summary>Gets the approval overrides.</summary>
    public ApprovalPolicyOverrides? Approval { get; init; }

    /// <summary>Gets the guard window.</summary>
    public TimeSpan? GuardWindow { get; init; }

    /// <summary>Gets the guard interval.</summary>
    public TimeSpan? GuardInterval { get; init; }

    /// <summary>Gets what a guard window that ends without evidence leads to.</summary>
    public GuardWithoutEvidenceAction? GuardWithoutEvidence { get; init; }

    /// <summary>Gets whether the config diff blocks.</summary>
    public bool? ConfigDiffBlocks { get; init; }

    /// <summary>Gets the stale-preview age.</summary>
    public TimeSpan? StalePreviewAfter { get; init; }
}

/// <summary>Optional overrides of <see cref="WarmupPolicy"/>.</summary>
public sealed record WarmupPolicyOverrides
{
    /// <summary>Gets the probe paths (replaces the list).</summary>
    public IReadOnlyList<string>? Paths { get; init; }

    /// <summary>Gets the allowed status codes (replaces the list).</summary>
    public IReadOnlyList<int>? AllowedStatusCodes { get; init; }

    /// <summary>Gets the latency bound.</summary>
    public TimeSpan? LatencyBound { get; init; }

    /// <summary>Gets the number of consecutive passes.</summary>
    public int? ConsecutivePasses { get; init; }

    /// <summary>Gets the overall timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the probe interval.</summary>
    public TimeSpan? ProbeInterval { get; init; }
}

/// <summary>Optional overrides of <see cref="CanaryPolicy"/> and the scalar knobs of its <see cref="CanaryJudgeConfig"/>.</summary>
public sealed record CanaryPolicyOverrides
{
    /// <summary>Gets whether the canary runs.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Gets the routing steps (replaces the list).</summary>
    public IReadOnlyList<double>? Steps { get; init; }

    /// <summary>Gets the step interval.</summary>
    public TimeSpan? StepInterval { get; init; }

    /// <summary>Gets the judge's confidence level.</summary>
    public double? ConfidenceLevel { get; init; }

    /// <summary>Gets the judge's pass threshold.</summary>
    public double? PassThreshold { get; init; }

    /// <summary>Gets the judge's marginal threshold.</summary>
    public double? MarginalThreshold { get; init; }
}

/// <summary>Optional overrides of <see cref="ApprovalPolicy"/>.</summary>
public sealed record ApprovalPolicyOverrides
{
    /// <summary>Gets whether approval is required.</summary>
    public bool? Required { get; init; }

    /// <summary>Gets the approval timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets the action on timeout.</summary>
    public ApprovalTimeoutAction? OnTimeout { get; init; }
}
