using System.Globalization;
using System.Text.Json.Serialization;
using Seamless.Core.Canary;

namespace Seamless.Core.Upgrade;

/// <summary>What to do about a swap with preview that is already pending on the site.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PendingPreviewAction>))]
public enum PendingPreviewAction
{
    /// <summary>It is Seamless's own and old enough to be abandoned: reset it and go on.</summary>
    Reset,

    /// <summary>Someone else started it: refuse, nothing is ours to undo.</summary>
    RefuseForeign,

    /// <summary>Seamless started it recently (another release may still own it): refuse.</summary>
    RefuseRecent,
}

/// <summary>The verdict on a pending swap with preview.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Message">Why, for the timeline or the refusal.</param>
public sealed record PendingPreviewVerdict(PendingPreviewAction Action, string Message);

/// <summary>What a canary step does after its verdict.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CanaryStepAction>))]
public enum CanaryStepAction
{
    /// <summary>The step passed: go to the next step.</summary>
    Advance,

    /// <summary>The step was marginal for the first time: observe it once more.</summary>
    Repeat,

    /// <summary>Failed, inconclusive, or marginal twice: route all traffic back and roll back.</summary>
    RollBack,
}

/// <summary>The decision of one canary step.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Reason">Why it rolls back (empty otherwise).</param>
public sealed record CanaryStepDecision(CanaryStepAction Action, string Reason);

/// <summary>
/// The product rules the release workflow applies, as pure functions: the orchestrator only sequences them. Each has a
/// table test in Core.Tests.
/// </summary>
public static class UpgradeRules
{
    /// <summary>Strategy value that turns the canary on for one release.</summary>
    public const string CanaryStrategy = "canary";

    /// <summary>The longest a swap back waits for the previous build to warm: a degraded production must not wait longer.</summary>
    public static readonly TimeSpan RestoreWarmupLimit = TimeSpan.FromMinutes(3);

    /// <summary>Plan tiers without deployment slots (Standard or higher is required).</summary>
    private static readonly string[] TiersWithoutSlots = ["Free", "Shared", "Basic", "Dynamic"];

    /// <summary>Returns why a plan tier cannot release through slots, or null when it can.</summary>
    public static string? SlotsUnsupported(string? skuTier) =>
        skuTier is not null && TiersWithoutSlots.Contains(skuTier, StringComparer.OrdinalIgnoreCase)
            ? $"plan tier {skuTier} has no deployment slots (Standard or higher is required)."
            : null;

    /// <summary>Decides about a swap with preview pending on the site before the release starts.</summary>
    /// <param name="holder">The release that started it, when Seamless did (null: not started by Seamless).</param>
    /// <param name="startedAt">When Seamless started it.</param>
    /// <param name="now">The orchestration's now.</param>
    /// <param name="staleAfter">The policy's stale-preview age.</param>
    /// <param name="pendingTowards">The slots it is pending between, for the message.</param>
    public static PendingPreviewVerdict PendingPreview(string? holder, DateTimeOffset? startedAt, DateTimeOffset now, TimeSpan staleAfter, string pendingTowards)
    {
        if (holder is null || startedAt is null)
        {
            return new(PendingPreviewAction.RefuseForeign, $"a swap with preview is pending on {pendingTowards} and was not started by Seamless; complete or reset it first.");
        }

        string started = startedAt.Value.ToString("u", CultureInfo.InvariantCulture);
        return now - startedAt.Value < staleAfter
            ? new(PendingPreviewAction.RefuseRecent, $"a swap with preview started by {holder} at {started} is still recent; refusing to interfere.")
            : new(PendingPreviewAction.Reset, $"resetting a stale swap with preview left by {holder} at {started}");
    }

    /// <summary>Whether the canary phase runs: on by policy, or asked for by the request's strategy.</summary>
    public static bool CanaryRuns(UpgradePolicy policy, string? strategy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Canary.Enabled || string.Equals(strategy, CanaryStrategy, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// What a canary step does after its verdict on attempt <paramref name="attempt"/> (0 first): a fail or an
    /// inconclusive step rolls back at once (no evidence the build is healthy is fail-closed, as the guard window is by
    /// default); a marginal step is observed once more and rolls back if it stays marginal.
    /// </summary>
    public static CanaryStepDecision AfterCanaryStep(CanaryVerdict verdict, double step, int attempt)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        string at = step.ToString(CultureInfo.InvariantCulture);
        return verdict.Outcome switch
        {
            CanaryOutcome.Pass => new(CanaryStepAction.Advance, string.Empty),
            CanaryOutcome.Fail => new(CanaryStepAction.RollBack, $"canary failed at {at} %: {verdict.Message}"),
            CanaryOutcome.Marginal when attempt == 0 => new(CanaryStepAction.Repeat, string.Empty),
            CanaryOutcome.Marginal => new(CanaryStepAction.RollBack, $"canary stayed marginal at {at} %: {verdict.Message}"),
            _ => new(CanaryStepAction.RollBack, $"canary inconclusive at {at} %: no evidence the new build is healthy, so it is not promoted; {verdict.Message}"),
        };
    }

    /// <summary>The warm-up of the previous build before a swap back: the policy's, its timeout capped at <see cref="RestoreWarmupLimit"/>.</summary>
    public static WarmupPolicy RestoreWarmup(WarmupPolicy warmup)
    {
        ArgumentNullException.ThrowIfNull(warmup);
        return warmup with { Timeout = warmup.Timeout < RestoreWarmupLimit ? warmup.Timeout : RestoreWarmupLimit };
    }
}
