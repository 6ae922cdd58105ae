using Seamless.Core.ScaleIn;

namespace Seamless.Workflows.ScaleIn;

/// <summary>Input of <see cref="ScaleInOrchestrator"/>.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="DryRun">Decide and journal, but change nothing.</param>
/// <param name="Trigger">timer, api or test.</param>
/// <param name="Policy">The effective policy.</param>
/// <param name="Sites">Managed sites, whose user metrics verify a step (those on other plans are skipped).</param>
/// <param name="SweepInterval">How often the plan is evaluated (the learned headroom covers the provisioning delay plus one sweep); null: the default five minutes.</param>
public sealed record ScaleInInput(string PlanId, bool DryRun, string Trigger, ScaleInPolicy Policy, IReadOnlyList<string> Sites, TimeSpan? SweepInterval = null);

/// <summary>Output of <see cref="ScaleInOrchestrator"/>.</summary>
/// <param name="Outcome">held, dry-run, scaled-in, reverted, scaled-out (ahead of demand: the learned headroom needs more instances).</param>
/// <param name="Message">Why.</param>
/// <param name="Decision">The evaluator's decision.</param>
/// <param name="Verification">The verification verdict after a step.</param>
public sealed record ScaleInResult(string Outcome, string Message, ScaleInDecision Decision, VerificationVerdict? Verification);

/// <summary>Input of <see cref="ScaleOutOrchestrator"/>.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Reason">Why (the alert).</param>
/// <param name="Source">The alert id.</param>
/// <param name="Policy">The policy (bounds the step).</param>
/// <param name="SweepInterval">The sweep's interval (the learned headroom is learned at that cadence); null: the default.</param>
public sealed record ScaleOutInput(string PlanId, string Reason, string Source, ScaleInPolicy? Policy = null, TimeSpan? SweepInterval = null);

/// <summary>The custom status of a scale-in run.</summary>
/// <param name="Phase">evaluating, acting, verifying, reverting, done.</param>
/// <param name="Message">What is happening.</param>
/// <param name="Decision">The latest decision.</param>
public sealed record ScaleInStatus(string Phase, string Message, ScaleInDecision? Decision);
