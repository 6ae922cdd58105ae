using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn;

/// <summary>What changed a plan's capacity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CapacityChangeKind>))]
public enum CapacityChangeKind
{
    /// <summary>A Seamless scale-in step.</summary>
    ScaleIn,

    /// <summary>A scale-in step undone after it hurt users.</summary>
    Revert,

    /// <summary>A scale-out (alert-driven).</summary>
    ScaleOut,

    /// <summary>Someone or something other than Seamless.</summary>
    Manual,
}

/// <summary>One change of a plan's capacity, as recorded when it was made (never read back from prose).</summary>
/// <param name="At">When it was applied.</param>
/// <param name="Kind">Who or what made it.</param>
/// <param name="From">Instances before.</param>
/// <param name="To">Instances after.</param>
public sealed record CapacityChange(DateTimeOffset At, CapacityChangeKind Kind, int From, int To);

/// <summary>The last minute of one instance's CPU series in the evaluation window.</summary>
/// <param name="Instance">The instance name.</param>
/// <param name="HasSamples">True when the series has any minute in the window.</param>
/// <param name="LatestMissing">True when its latest minute has no value.</param>
public sealed record InstanceReport(string Instance, bool HasSamples, bool LatestMissing);

/// <summary>The facts of a plan's history the scale-in rules read: recent steps, the last change, unhealthy instances.</summary>
public static class ScaleInHistory
{
    /// <summary>The Seamless scale-in steps within the rate-limit period before <paramref name="now"/>, with the instances each removed.</summary>
    public static IReadOnlyList<ScaleInRecord> RecentScaleIns(IEnumerable<CapacityChange> changes, DateTimeOffset now, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return [.. changes
            .Where(c => c.Kind == CapacityChangeKind.ScaleIn && c.At > now - period)
            .OrderBy(c => c.At)
            .Select(c => new ScaleInRecord(c.At, Math.Max(0, c.From - c.To)))];
    }

    /// <summary>
    /// When the capacity last changed: the latest recorded change of any kind, or a change observed outside Seamless
    /// (<paramref name="observedChangeAt"/>), whichever is later; null when neither is known.
    /// </summary>
    public static DateTimeOffset? LastChangeAt(IEnumerable<CapacityChange> changes, DateTimeOffset? observedChangeAt)
    {
        ArgumentNullException.ThrowIfNull(changes);
        DateTimeOffset? last = observedChangeAt;
        foreach (var change in changes)
        {
            if (last is null || change.At > last)
            {
                last = change.At;
            }
        }

        return last;
    }

    /// <summary>
    /// Instances whose CPU stopped reporting while the plan still counts them. Instances a scale-in removed stop reporting
    /// too, so at most <c>capacity − reporting</c> silent instances are unhealthy (they must not hold the next step).
    /// </summary>
    public static IReadOnlyList<string> UnhealthyInstances(int capacity, IReadOnlyList<InstanceReport> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        int reporting = instances.Count(i => i.HasSamples && !i.LatestMissing);
        return [.. instances
            .Where(i => i.HasSamples && i.LatestMissing)
            .Select(i => i.Instance)
            .Take(Math.Max(0, capacity - reporting))];
    }
}
