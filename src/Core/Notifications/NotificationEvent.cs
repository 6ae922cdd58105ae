namespace Seamless.Core.Notifications;

/// <summary>
/// A release or scale event for outbound webhooks, before it is shaped as a CloudEvent or a text message. Built by
/// <see cref="NotificationEvents"/> from orchestration data only, so a replay builds the same event with the same id.
/// </summary>
/// <param name="Id">Deterministic id: the same orchestration, kind and time always give the same id (receivers dedupe on it).</param>
/// <param name="Type">The CloudEvents type, one of <see cref="NotificationEventTypes.All"/>.</param>
/// <param name="Source">The resource the event is about (site or plan resource id), a URI reference.</param>
/// <param name="Subject">The resource's name.</param>
/// <param name="Time">When it happened (orchestration time).</param>
/// <param name="Summary">One human line (the text form).</param>
/// <param name="Data">The event's fields, as strings (null when unknown).</param>
public sealed record NotificationEvent(
    string Id,
    string Type,
    string Source,
    string Subject,
    DateTimeOffset Time,
    string Summary,
    IReadOnlyDictionary<string, string?> Data);

/// <summary>The CloudEvents types Seamless emits.</summary>
public static class NotificationEventTypes
{
    /// <summary>A release passed the allow-list and started.</summary>
    public const string UpgradeStarted = "com.seamless.upgrade.started";

    /// <summary>A release ended (outcome, reason, observed build).</summary>
    public const string UpgradeFinished = "com.seamless.upgrade.finished";

    /// <summary>A scale-in step ended: kept (scaled-in) or reverted.</summary>
    public const string ScaleInFinished = "com.seamless.scalein.finished";

    /// <summary>An alert scaled a plan out.</summary>
    public const string ScaleOut = "com.seamless.scaleout";

    /// <summary>A plan's promise turned: its overloaded minutes went beyond the budget (missed) or came back within it (kept).</summary>
    public const string Promise = "com.seamless.promise";

    /// <summary>Gets every type, for validating event filters.</summary>
    public static IReadOnlyList<string> All { get; } = [UpgradeStarted, UpgradeFinished, ScaleInFinished, ScaleOut, Promise];
}
