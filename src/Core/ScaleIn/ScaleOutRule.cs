using static System.FormattableString;

namespace Seamless.Core.ScaleIn;

/// <summary>The target of an alert-driven scale-out.</summary>
/// <param name="FromCapacity">The capacity before.</param>
/// <param name="ToCapacity">The target capacity (equal to <paramref name="FromCapacity"/> at the cap).</param>
/// <param name="Cap">The cap applied: the smaller of the policy maximum and the plan's MaxWorkers.</param>
/// <param name="Reason">A stable reason code: <c>ScaleOut</c>, <c>CappedScaleOut</c>, <c>AtMaximum</c>, or a refusal of <see cref="ScaleOutConfirmation"/> (<c>NoData</c>, <c>NotConfirmed</c>, <c>RateLimited</c>).</param>
/// <param name="Message">A human sentence.</param>
public sealed record ScaleOutDecision(int FromCapacity, int ToCapacity, int Cap, string Reason, string Message)
{
    /// <summary>Gets the number of instances added.</summary>
    public int Step => ToCapacity - FromCapacity;
}

/// <summary>
/// The alert fast path's bounded scale-out: grow by max(<see cref="ScaleInPolicy.ScaleOutMinStep"/>,
/// ceil(<see cref="ScaleInPolicy.ScaleOutPercent"/> % of capacity)) — +1 on small plans, +25 % on
/// large ones, so the relief is proportional without doubling a plan on one alert — capped at the
/// policy maximum and the plan's MaxWorkers. A plan already above the cap is left as it is.
/// </summary>
public static class ScaleOutRule
{
    /// <summary>Reason: scaled out by the full step.</summary>
    public const string ScaleOut = "ScaleOut";

    /// <summary>Reason: the step was cut by the cap.</summary>
    public const string CappedScaleOut = "CappedScaleOut";

    /// <summary>Reason: already at (or above) the cap.</summary>
    public const string AtMaximum = "AtMaximum";

    /// <summary>Computes the scale-out target.</summary>
    /// <param name="capacity">Current capacity.</param>
    /// <param name="maxWorkers">The plan's maximumNumberOfWorkers; 0 or less when unknown (policy max only).</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The target with its reason.</returns>
    public static ScaleOutDecision Compute(int capacity, int maxWorkers, ScaleInPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);

        var cap = maxWorkers > 0 ? Math.Min(policy.Max, maxWorkers) : policy.Max;
        var step = Math.Max(policy.ScaleOutMinStep, (int)Math.Ceiling(capacity * policy.ScaleOutPercent / 100));
        if (capacity >= cap)
        {
            return new ScaleOutDecision(capacity, capacity, cap, AtMaximum, Invariant($"{capacity} instance(s) is at or above the cap of {cap}; no scale-out."));
        }

        var to = Math.Min(capacity + step, cap);
        return to < capacity + step
            ? new ScaleOutDecision(capacity, to, cap, CappedScaleOut, Invariant($"Scale out {capacity} → {to} (step {step} capped at {cap})."))
            : new ScaleOutDecision(capacity, to, cap, ScaleOut, Invariant($"Scale out {capacity} → {to} (+{step})."));
    }
}
