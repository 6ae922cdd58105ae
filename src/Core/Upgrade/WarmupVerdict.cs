using System.Text.Json.Serialization;

namespace Seamless.Core.Upgrade;

/// <summary>Warm-up state of one instance.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WarmupOutcome>))]
public enum WarmupOutcome
{
    /// <summary>Every path passed enough consecutive probes.</summary>
    Warm,

    /// <summary>Not warm yet; keep probing.</summary>
    Waiting,

    /// <summary>Not warm and the timeout has passed.</summary>
    TimedOut,
}

/// <summary>Why an instance is in its warm-up state (for Waiting and TimedOut: what is missing).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WarmupReason>))]
public enum WarmupReason
{
    /// <summary>Warm.</summary>
    Warm,

    /// <summary>A path has not been probed yet.</summary>
    NoProbesYet,

    /// <summary>The last probe of a path returned a status outside the allowed set.</summary>
    StatusNotAllowed,

    /// <summary>The last probe of a path was slower than the latency bound.</summary>
    TooSlow,

    /// <summary>The last probe of a path got no response.</summary>
    ProbeError,

    /// <summary>The last probes passed, but not yet enough of them in a row.</summary>
    NotEnoughConsecutivePasses,

    /// <summary>The overall timeout passed before the instance got warm.</summary>
    TimedOut,
}

/// <summary>Warm-up verdict of one instance.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Outcome">Warm, Waiting or TimedOut.</param>
/// <param name="Reason">The reason code; for TimedOut the message also says what was missing.</param>
/// <param name="Message">A human explanation.</param>
/// <param name="ConsecutivePasses">The shortest current streak of passing probes over the paths.</param>
/// <param name="NextProbeAt">When to probe next while Waiting (last probe + interval, or now); null otherwise.</param>
public sealed record WarmupVerdict(
    string InstanceId,
    WarmupOutcome Outcome,
    WarmupReason Reason,
    string Message,
    int ConsecutivePasses,
    DateTimeOffset? NextProbeAt);

/// <summary>Warm-up state of all instances of a slot.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WarmupGateOutcome>))]
public enum WarmupGateOutcome
{
    /// <summary>Every instance is warm.</summary>
    Warm,

    /// <summary>Some instance is still warming.</summary>
    Waiting,

    /// <summary>An instance timed out (or no instance appeared before the timeout).</summary>
    Failed,
}

/// <summary>Why the slot is in its warm-up state.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WarmupGateReason>))]
public enum WarmupGateReason
{
    /// <summary>Every instance is warm.</summary>
    AllWarm,

    /// <summary>Some instances are still warming.</summary>
    InstancesWaiting,

    /// <summary>At least one instance timed out.</summary>
    InstanceTimedOut,

    /// <summary>No instance is known.</summary>
    NoInstances,
}

/// <summary>Warm-up verdict of a slot: the aggregate over its instances.</summary>
/// <param name="Outcome">Warm, Waiting or Failed.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Message">A human explanation naming the instances concerned.</param>
/// <param name="Instances">The verdict of every instance.</param>
public sealed record WarmupGateVerdict(
    WarmupGateOutcome Outcome,
    WarmupGateReason Reason,
    string Message,
    IReadOnlyList<WarmupVerdict> Instances);
