using System.Text.Json.Serialization;
using static System.FormattableString;

namespace Seamless.Core.ScaleIn;

/// <summary>What to do with a step after its verification window.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerificationOutcome>))]
public enum VerificationOutcome
{
    /// <summary>Users did not notice: keep the smaller plan.</summary>
    Keep,

    /// <summary>Users would notice: restore the capacity and veto further scale-in.</summary>
    Revert,
}

/// <summary>User-experience and load figures over a window (averages); null when not measured.</summary>
/// <param name="Http5xxRatePercent">5xx responses as a percentage of all requests.</param>
/// <param name="LatencyMs">Average response time in milliseconds.</param>
/// <param name="CpuPercent">Plan CPU %.</param>
public sealed record VerificationSample(double? Http5xxRatePercent, double? LatencyMs, double? CpuPercent);

/// <summary>The verdict on a step.</summary>
/// <param name="Outcome">Keep or Revert.</param>
/// <param name="Reason">A stable reason code: <c>Healthy</c>, <c>ErrorRateRose</c>, <c>LatencyRose</c>, <c>CpuOverLine</c>.</param>
/// <param name="Message">A human sentence with the figures.</param>
public sealed record VerificationVerdict(VerificationOutcome Outcome, string Reason, string Message);

/// <summary>
/// Compares the verification window after a scale-in step with the baseline before it. A check whose
/// figure is missing on either side is skipped (and said so): Azure Monitor reports no 5xx or latency
/// bucket for minutes without requests, which is no evidence of harm.
/// </summary>
public static class ScaleInVerification
{
    /// <summary>Reason: nothing degraded.</summary>
    public const string Healthy = "Healthy";

    /// <summary>Reason: the 5xx rate rose by more than the policy allows.</summary>
    public const string ErrorRateRose = "ErrorRateRose";

    /// <summary>Reason: latency rose by more than the policy allows.</summary>
    public const string LatencyRose = "LatencyRose";

    /// <summary>Reason: CPU reached the scale-out line.</summary>
    public const string CpuOverLine = "CpuOverLine";

    /// <summary>Judges a step.</summary>
    /// <param name="baseline">Figures over the window before the step.</param>
    /// <param name="after">Figures over the verification window after it.</param>
    /// <param name="policy">Thresholds.</param>
    /// <returns>Keep or Revert, with the reason.</returns>
    public static VerificationVerdict Evaluate(VerificationSample baseline, VerificationSample after, ScaleInPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(policy);
        var skipped = new List<string>();

        if (baseline.Http5xxRatePercent is { } e0 && after.Http5xxRatePercent is { } e1)
        {
            if (e1 - e0 > policy.VerifyMax5xxIncreasePoints)
            {
                return Revert(ErrorRateRose, Invariant($"5xx rate rose from {e0:0.##} % to {e1:0.##} % (allowed +{policy.VerifyMax5xxIncreasePoints:0.##} points)."));
            }
        }
        else
        {
            skipped.Add("5xx rate");
        }

        if (baseline.LatencyMs is { } l0 && after.LatencyMs is { } l1)
        {
            var rise = l1 - l0;
            if (rise > policy.VerifyMinLatencyIncreaseMs && rise > l0 * policy.VerifyMaxLatencyIncreasePercent / 100)
            {
                return Revert(LatencyRose, Invariant($"Latency rose from {l0:0} ms to {l1:0} ms (allowed +{policy.VerifyMaxLatencyIncreasePercent:0.#} % or +{policy.VerifyMinLatencyIncreaseMs:0} ms)."));
            }
        }
        else
        {
            skipped.Add("latency");
        }

        if (after.CpuPercent is { } c1)
        {
            if (c1 >= policy.ScaleOutCpu)
            {
                return Revert(CpuOverLine, Invariant($"CPU reached {c1:0.#} % (baseline {baseline.CpuPercent ?? double.NaN:0.#} %), at or over the scale-out line {policy.ScaleOutCpu:0.#} %."));
            }
        }
        else
        {
            skipped.Add("CPU");
        }

        var note = skipped.Count == 0 ? string.Empty : $" Not measured: {string.Join(", ", skipped)}.";
        return new VerificationVerdict(VerificationOutcome.Keep, Healthy, $"5xx rate, latency and CPU stayed within bounds.{note}");
    }

    /// <summary>
    /// The learned headroom's watch over a step's verification window: when demand has outgrown the smaller plan (the
    /// headroom, re-read at the sweep cadence, requires more than the step left) the window ends at once and the plan
    /// grows back — to what it had before the step, or to what the headroom requires if that is more — instead of
    /// waiting out the window with the sweep held. Not a harmful step (users have felt nothing yet): no veto follows.
    /// </summary>
    /// <param name="estimate">The learned headroom now; null in fixed mode or without data (nothing to watch).</param>
    /// <param name="from">The capacity before the step.</param>
    /// <param name="to">The capacity the step left.</param>
    /// <param name="max">The most instances the plan may have.</param>
    /// <returns>The capacity to grow to now, or null to keep watching.</returns>
    public static int? DemandOutgrewStep(Headroom.HeadroomEstimate? estimate, int from, int to, int max) =>
        estimate is { } e && Math.Min(max, e.Required) > to ? Math.Min(max, Math.Max(from, e.Required)) : null;

    private static VerificationVerdict Revert(string reason, string message) => new(VerificationOutcome.Revert, reason, message);
}
