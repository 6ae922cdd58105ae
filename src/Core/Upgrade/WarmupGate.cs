using System.Globalization;

namespace Seamless.Core.Upgrade;

/// <summary>Decides whether instances of the new build are warm: every path, N consecutive good probes.</summary>
/// <remarks>
/// A probe passes when it got a response, its status is allowed and its latency is within the bound. Only the
/// trailing streak counts: one failure resets it. A warm instance stays Warm even if the timeout has passed by
/// the time it is evaluated; otherwise the timeout turns Waiting into TimedOut.
/// </remarks>
public static class WarmupGate
{
    /// <summary>Evaluates one instance from its probe history (all probes must be of that instance).</summary>
    /// <param name="policy">The warm-up policy.</param>
    /// <param name="history">The probes of one instance, in any order.</param>
    /// <param name="startedAt">When the warm-up started.</param>
    /// <param name="now">The current time (from the orchestration).</param>
    /// <returns>The instance's verdict; its id is the probes' instance id, or empty when there are none.</returns>
    public static WarmupVerdict Evaluate(WarmupPolicy policy, IReadOnlyList<ProbeObservation> history, DateTimeOffset startedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        string instanceId = history.Count == 0 ? string.Empty : history[0].InstanceId ?? string.Empty;
        if (history.Any(p => !string.Equals(p.InstanceId ?? string.Empty, instanceId, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("All probes must be of one instance; use the overload taking an instance id.", nameof(history));
        }

        return Evaluate(policy, instanceId, history, startedAt, now);
    }

    /// <summary>Evaluates one instance, using the probes of that instance from a mixed history.</summary>
    /// <param name="policy">The warm-up policy.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="history">Probes of any instances, in any order.</param>
    /// <param name="startedAt">When the warm-up started.</param>
    /// <param name="now">The current time (from the orchestration).</param>
    /// <returns>The instance's verdict.</returns>
    public static WarmupVerdict Evaluate(WarmupPolicy policy, string instanceId, IReadOnlyList<ProbeObservation> history, DateTimeOffset startedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.ConsecutivePasses, 1, nameof(policy));
        ArgumentOutOfRangeException.ThrowIfZero(policy.Paths.Count, nameof(policy));

        var probes = history
            .Where(p => string.Equals(p.InstanceId ?? string.Empty, instanceId, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.At)
            .ToList();

        int shortestStreak = int.MaxValue;
        (WarmupReason Reason, string Detail)? missing = null;
        foreach (string path in policy.Paths)
        {
            var ofPath = probes.Where(p => string.Equals(p.Path, path, StringComparison.Ordinal)).ToList();
            int streak = 0;
            for (int i = ofPath.Count - 1; i >= 0 && Failure(policy, ofPath[i]) is null; i--)
            {
                streak++;
            }

            shortestStreak = Math.Min(shortestStreak, streak);
            if (streak >= policy.ConsecutivePasses || missing is not null)
            {
                continue;
            }

            if (ofPath.Count == 0)
            {
                missing = (WarmupReason.NoProbesYet, $"{path} not probed yet");
            }
            else if (Failure(policy, ofPath[^1]) is { } failure)
            {
                missing = (failure.Reason, $"{path}: {failure.Detail}");
            }
            else
            {
                missing = (WarmupReason.NotEnoughConsecutivePasses, Text($"{path}: {streak} of {policy.ConsecutivePasses} consecutive passes"));
            }
        }

        if (missing is null)
        {
            return new WarmupVerdict(
                instanceId,
                WarmupOutcome.Warm,
                WarmupReason.Warm,
                Text($"Instance {instanceId} is warm: {policy.ConsecutivePasses} consecutive passes on {string.Join(", ", policy.Paths)}."),
                shortestStreak,
                null);
        }

        var (reason, detail) = missing.Value;
        if (now - startedAt >= policy.Timeout)
        {
            return new WarmupVerdict(
                instanceId,
                WarmupOutcome.TimedOut,
                WarmupReason.TimedOut,
                Text($"Instance {instanceId} not warm after {policy.Timeout}: {detail}."),
                shortestStreak,
                null);
        }

        var nextProbeAt = probes.Count == 0 ? now : Max(now, probes[^1].At + policy.ProbeInterval);
        return new WarmupVerdict(instanceId, WarmupOutcome.Waiting, reason, $"Instance {instanceId} warming: {detail}.", shortestStreak, nextProbeAt);
    }

    /// <summary>Evaluates every instance of a slot: all warm ⇒ Warm; any timed out ⇒ Failed naming them; else Waiting.</summary>
    /// <param name="policy">The warm-up policy.</param>
    /// <param name="instanceIds">The instances of the slot.</param>
    /// <param name="history">Probes of all instances.</param>
    /// <param name="startedAt">When the warm-up started.</param>
    /// <param name="now">The current time (from the orchestration).</param>
    /// <returns>The slot's verdict with every instance's verdict.</returns>
    public static WarmupGateVerdict EvaluateAll(WarmupPolicy policy, IReadOnlyList<string> instanceIds, IReadOnlyList<ProbeObservation> history, DateTimeOffset startedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(instanceIds);
        ArgumentNullException.ThrowIfNull(history);

        if (instanceIds.Count == 0)
        {
            return now - startedAt >= policy.Timeout
                ? new WarmupGateVerdict(WarmupGateOutcome.Failed, WarmupGateReason.NoInstances, Text($"No instance appeared within {policy.Timeout}."), [])
                : new WarmupGateVerdict(WarmupGateOutcome.Waiting, WarmupGateReason.NoInstances, "No instance listed yet.", []);
        }

        var verdicts = instanceIds.Select(id => Evaluate(policy, id, history, startedAt, now)).ToList();
        var timedOut = verdicts.Where(v => v.Outcome == WarmupOutcome.TimedOut).ToList();
        if (timedOut.Count > 0)
        {
            return new WarmupGateVerdict(
                WarmupGateOutcome.Failed,
                WarmupGateReason.InstanceTimedOut,
                $"Warm-up failed on {string.Join(", ", timedOut.Select(v => v.InstanceId))}: {string.Join(" ", timedOut.Select(v => v.Message))}",
                verdicts);
        }

        var waiting = verdicts.Where(v => v.Outcome == WarmupOutcome.Waiting).ToList();
        if (waiting.Count > 0)
        {
            return new WarmupGateVerdict(
                WarmupGateOutcome.Waiting,
                WarmupGateReason.InstancesWaiting,
                Text($"{verdicts.Count - waiting.Count} of {verdicts.Count} instances warm; waiting for {string.Join(", ", waiting.Select(v => v.InstanceId))}."),
                verdicts);
        }

        return new WarmupGateVerdict(WarmupGateOutcome.Warm, WarmupGateReason.AllWarm, Text($"All {verdicts.Count} instances are warm."), verdicts);
    }

    /// <summary>Why a probe did not pass, or null when it passed.</summary>
    internal static (WarmupReason Reason, string Detail)? Failure(WarmupPolicy policy, ProbeObservation probe)
    {
        if (probe.Error is not null || probe.StatusCode is null)
        {
            return (WarmupReason.ProbeError, $"no response ({probe.Error ?? "no status"})");
        }

        if (!policy.AllowedStatusCodes.Contains(probe.StatusCode.Value))
        {
            return (WarmupReason.StatusNotAllowed, Text($"status {probe.StatusCode.Value} not in [{string.Join(", ", policy.AllowedStatusCodes)}]"));
        }

        if (probe.Latency > policy.LatencyBound)
        {
            return (WarmupReason.TooSlow, Text($"{probe.Latency.TotalMilliseconds:0} ms over the {policy.LatencyBound.TotalMilliseconds:0} ms bound"));
        }

        return null;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
