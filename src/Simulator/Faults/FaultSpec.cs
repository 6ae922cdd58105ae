using System.Text.Json.Serialization;

namespace Seamless.Simulator.Faults;

/// <summary>
/// A fault injected into one operation (or "*" for all): the next <see cref="Count"/> matching calls
/// (or every call, each with <see cref="Probability"/>) fail the way <see cref="Kind"/> says.
/// </summary>
public sealed record FaultSpec
{
    /// <summary>429 Too Many Requests with <c>Retry-After</c>.</summary>
    public const string Throttle = "throttle";

    /// <summary>500 Internal Server Error.</summary>
    public const string Error500 = "error500";

    /// <summary>503 Service Unavailable with <c>Retry-After</c>.</summary>
    public const string Error503 = "error503";

    /// <summary>A delay of <see cref="DelayMs"/> before the call proceeds normally (real time on a scaled clock; simulated on a virtual one).</summary>
    public const string Delay = "delay";

    /// <summary>409 "Cannot modify this site because another operation is in progress".</summary>
    public const string Conflict = "conflict";

    /// <summary>The long-running operation is accepted (202) and then fails.</summary>
    public const string LroFail = "lroFail";

    /// <summary>The long-running operation is accepted (202) at once and completes <see cref="DelayMs"/> real milliseconds later than usual (a slow platform).</summary>
    public const string LroDelay = "lroDelay";

    /// <summary>
    /// The matching call waits, before the platform sees it, until the rule is removed (<c>DELETE /_sim/faults</c>);
    /// then it proceeds normally. A caller that disconnects meanwhile gets nothing applied (as with <see cref="Delay"/>).
    /// <see cref="Count"/> limits how many calls are held; the rule stays listed (count 0) until removed, and
    /// <see cref="Holding"/> shows how many calls it holds now, so a test can wait until the hold has begun.
    /// </summary>
    public const string Hold = "hold";

    /// <summary>
    /// The long-running operation is accepted (202) at once and stays InProgress until the rule is removed; then it
    /// completes as usual (at the removal, or when it would have completed anyway if that is later), seen from the
    /// next poll on. <see cref="Holding"/> counts the operations held; the rule stays listed until removed.
    /// </summary>
    public const string LroHold = "lroHold";

    /// <summary>Gets the operation name (see README: getSite, slotsswap, applySlotConfig, metrics, web, ...) or "*".</summary>
    public string Operation { get; set; } = "*";

    /// <summary>Gets text the request path must contain (case-insensitive) for the rule to apply; null matches every path.</summary>
    public string? Target { get; set; }

    /// <summary>Gets the kind: throttle, error500, error503, delay, conflict, lroFail, lroDelay, hold or lroHold.</summary>
    public string Kind { get; set; } = Throttle;

    /// <summary>Gets how many calls fail; null means unlimited.</summary>
    public int? Count { get; set; }

    /// <summary>Gets the probability (0-1) that a matching call fails; default 1.</summary>
    public double? Probability { get; set; }

    /// <summary>Gets the <c>Retry-After</c> seconds for throttle and error503 (default 1).</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Gets the real delay in milliseconds for the delay and lroDelay kinds (default 1000).</summary>
    public int? DelayMs { get; set; }

    /// <summary>Gets how many calls (hold) or running operations (lroHold) the rule holds now; null for other kinds. Shown by <c>GET /_sim/faults</c>, ignored when posted.</summary>
    public int? Holding { get; set; }

    /// <summary>Gets the release signal of a hold or lroHold rule (set when the rule is added).</summary>
    [JsonIgnore]
    internal FaultHold? HoldSignal { get; init; }

    /// <summary>Gets a value indicating whether <paramref name="kind"/> names this rule's kind (case-insensitive).</summary>
    internal bool Is(string kind) => string.Equals(Kind, kind, StringComparison.OrdinalIgnoreCase);
}
