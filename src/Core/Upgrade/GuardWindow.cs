using System.Globalization;
using System.Text.Json.Serialization;
using Seamless.Core.Canary;

namespace Seamless.Core.Upgrade;

/// <summary>What to do after a guard-window judgement.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GuardAction>))]
public enum GuardAction
{
    /// <summary>Keep watching: judge again after the guard interval.</summary>
    Continue,

    /// <summary>The window has passed without degradation: the release is done.</summary>
    Complete,

    /// <summary>Production degraded: swap back.</summary>
    SwapBack,
}

/// <summary>Why the guard window decided as it did.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GuardReason>))]
public enum GuardReason
{
    /// <summary>No degradation so far; the window is still open.</summary>
    Watching,

    /// <summary>Production degraded compared with its pre-swap baseline.</summary>
    Degraded,

    /// <summary>The window passed and the last judgement passed.</summary>
    Healthy,

    /// <summary>
    /// The window passed without a conclusive judgement (e.g. no traffic): nothing showed degradation, nothing
    /// showed health; the action is <see cref="UpgradePolicy.GuardWithoutEvidence"/>.
    /// </summary>
    NoEvidence,
}

/// <summary>The guard-window decision.</summary>
/// <param name="Action">Continue, Complete or SwapBack.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Message">A human explanation.</param>
/// <param name="Verdict">The judgement it rests on.</param>
public sealed record GuardDecision(GuardAction Action, GuardReason Reason, string Message, CanaryVerdict Verdict);

/// <summary>The post-swap guard: production after the swap judged against production before it.</summary>
/// <remarks>
/// The canary judge is reused with the pre-swap production series as the baseline and the post-swap series as
/// the canary (everything observed since the swap, so the last judgement covers the whole window). Early in the
/// window there are few samples; an <see cref="CanaryOutcome.Inconclusive"/> verdict is therefore not
/// degradation — only a verdict with data that is not Pass (Fail, or Marginal) is. A window that ends still
/// inconclusive has produced no evidence either way and ends per <see cref="GuardWithoutEvidenceAction"/>,
/// by default fail-closed (swap back), as a canary step without data fails.
/// </remarks>
public static class GuardWindow
{
    /// <summary>Judges production after the swap against its pre-swap baseline.</summary>
    /// <param name="config">The judge configuration.</param>
    /// <param name="baseline">Production samples before the swap, per metric name.</param>
    /// <param name="current">Production samples after the swap, per metric name.</param>
    /// <returns>The judge's verdict.</returns>
    public static CanaryVerdict Evaluate(
        CanaryJudgeConfig config,
        IReadOnlyDictionary<string, IReadOnlyList<double>> baseline,
        IReadOnlyDictionary<string, IReadOnlyList<double>> current)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);

        var names = baseline.Keys.Concat(current.Keys).Distinct(StringComparer.OrdinalIgnoreCase);
        var metrics = names.ToDictionary(
            name => name,
            name => new MetricSamples(Lookup(baseline, name), Lookup(current, name)),
            StringComparer.OrdinalIgnoreCase);
        return CanaryJudge.Evaluate(config, new CanaryObservations(metrics));
    }

    /// <summary>Returns whether a verdict shows degradation: judged on data and not Pass (Marginal or Fail).</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>True when production should be swapped back.</returns>
    public static bool Degraded(CanaryVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Outcome is CanaryOutcome.Fail or CanaryOutcome.Marginal;
    }

    /// <summary>Decides what to do after a judgement at <paramref name="now"/>.</summary>
    /// <param name="verdict">The latest judgement.</param>
    /// <param name="swappedAt">When the swap completed (start of the window).</param>
    /// <param name="now">The current time (from the orchestration).</param>
    /// <param name="window">The length of the guard window.</param>
    /// <param name="withoutEvidence">What a window that ends without a conclusive judgement leads to.</param>
    /// <returns>
    /// SwapBack on degradation; once the window has passed, Complete — or, when the last judgement is still
    /// inconclusive, what <paramref name="withoutEvidence"/> says; otherwise Continue.
    /// </returns>
    public static GuardDecision Decide(
        CanaryVerdict verdict,
        DateTimeOffset swappedAt,
        DateTimeOffset now,
        TimeSpan window,
        GuardWithoutEvidenceAction withoutEvidence = UpgradePolicy.DefaultGuardWithoutEvidence)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var elapsed = now - swappedAt;
        if (Degraded(verdict))
        {
            return new GuardDecision(GuardAction.SwapBack, GuardReason.Degraded, Text($"Production degraded {elapsed} after the swap: {verdict.Message}"), verdict);
        }

        if (elapsed < window)
        {
            return new GuardDecision(GuardAction.Continue, GuardReason.Watching, Text($"Watching production: {elapsed} of {window}; {verdict.Message}"), verdict);
        }

        if (verdict.Outcome != CanaryOutcome.Inconclusive)
        {
            return new GuardDecision(GuardAction.Complete, GuardReason.Healthy, $"Guard window passed without degradation: {verdict.Message}", verdict);
        }

        return withoutEvidence == GuardWithoutEvidenceAction.Promote
            ? new GuardDecision(GuardAction.Complete, GuardReason.NoEvidence, $"no evidence in the guard window: promoted per policy (guardWithoutEvidence = Promote); {verdict.Message}", verdict)
            : new GuardDecision(GuardAction.SwapBack, GuardReason.NoEvidence, $"no evidence in the guard window: swapped back per policy (guardWithoutEvidence = SwapBack); {verdict.Message}", verdict);
    }

    private static IReadOnlyList<double> Lookup(IReadOnlyDictionary<string, IReadOnlyList<double>> samples, string name) =>
        samples.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
