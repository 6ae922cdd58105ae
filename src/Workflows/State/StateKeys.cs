using System.Globalization;
using Seamless.Core.Resources;

namespace Seamless.Workflows.State;

/// <summary>Key layout in <see cref="Ports.IStateStore"/>.</summary>
public static class StateKeys
{
    /// <summary>Prefix of every delivery record.</summary>
    public const string DeliveryRoot = "delivery/";

    /// <summary>
    /// Prefix of the replay records of body-only signed deliveries: they carry no age, so their record is what refuses
    /// a replay, and it is kept for good (the purge never sweeps this prefix).
    /// </summary>
    public const string ReplayRoot = "replay/";

    /// <summary>Prefix of every alert dedupe marker.</summary>
    public const string AlertRoot = "alert/";

    /// <summary>The delivery record: delivery id → upgrade instance id.</summary>
    public static string Delivery(string deliveryId) => DeliveryRoot + InstanceIds.Hash(deliveryId, 32);

    /// <summary>The durable replay record of a body-only signed delivery (same content as a delivery record, never purged).</summary>
    public static string Replay(string deliveryId) => ReplayRoot + InstanceIds.Hash(deliveryId, 32);

    /// <summary>The single-flight lock of a site's upgrades.</summary>
    public static string SiteLock(AzureResourceId site) => $"lock/site/{InstanceIds.Key(site.Site)}";

    /// <summary>Prefix of the capacity leases on a plan (one per releasing site).</summary>
    public static string PlanLeasePrefix(AzureResourceId plan) => $"lease/plan/{InstanceIds.Key(plan)}/";

    /// <summary>The capacity lease a site's release holds on its plan.</summary>
    public static string PlanLease(AzureResourceId plan, AzureResourceId site) => PlanLeasePrefix(plan) + InstanceIds.Key(site.Site);

    /// <summary>The scale-in veto of a plan.</summary>
    public static string Veto(AzureResourceId plan) => $"veto/plan/{InstanceIds.Key(plan)}";

    /// <summary>When the alert fast path last started a scale-out of the plan (the settle period runs from it).</summary>
    public static string LastScaleOut(AzureResourceId plan) => $"scale-out/plan/{InstanceIds.Key(plan)}";

    /// <summary>The record of a swap with preview Seamless started on a site.</summary>
    public static string Preview(AzureResourceId site) => $"preview/{InstanceIds.Key(site.Site)}";

    /// <summary>Alert dedupe marker.</summary>
    public static string Alert(string alertId, string monitorCondition) => AlertRoot + InstanceIds.Hash(alertId + "|" + monitorCondition, 32);

    /// <summary>Prefix of a plan's decision journal.</summary>
    public static string JournalPrefix(AzureResourceId plan) => JournalRoot + InstanceIds.Key(plan) + "/";

    /// <summary>Prefix of every plan's decision journal.</summary>
    public const string JournalRoot = "journal/";

    /// <summary>The UTC time in a journal key, after the plan prefix: keys sort by time and date themselves.</summary>
    public const string JournalTimeFormat = "yyyyMMdd'T'HHmmss.fffffff";

    /// <summary>A journal entry's key: plan prefix, UTC time, and a hash of the writer and kind (a re-run overwrites).</summary>
    public static string JournalKey(AzureResourceId plan, DateTimeOffset at, string instanceId, string kind) =>
        JournalPrefix(plan) + at.UtcDateTime.ToString(JournalTimeFormat, CultureInfo.InvariantCulture) + "-" + InstanceIds.Hash(instanceId + "|" + kind, 8);

    /// <summary>Prefix of every plan's demand ledger (<see cref="DemandLedgerStore"/>).</summary>
    public const string LedgerRoot = "ledger/";

    /// <summary>One UTC day of a plan's demand ledger: the settled hours of its metrics the learned headroom reads.</summary>
    public static string LedgerDay(AzureResourceId plan, DateOnly day) =>
        LedgerRoot + InstanceIds.Key(plan) + "/" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The plan minimums a plan's learnings named where its promise broke on bursts beyond reach (<see cref="PromiseFloorStore"/>).</summary>
    public static string PromiseFloor(AzureResourceId plan) => $"floor/plan/{InstanceIds.Key(plan)}";

    /// <summary>The last capacity Seamless observed or set on a plan (detects manual changes).</summary>
    public static string PlanCapacity(AzureResourceId plan) => $"capacity/{InstanceIds.Key(plan)}";

    /// <summary>Prefix of the notifications waiting for delivery (one item per event and webhook).</summary>
    public const string OutboxRoot = "outbox/";

    /// <summary>Prefix of the notifications given up (kept for the operator as long as delivery records).</summary>
    public const string OutboxDeadRoot = "outbox-dead/";

    /// <summary>Prefix of the markers of delivered notifications (a re-run enqueue finds one and does not send again).</summary>
    public const string OutboxSentRoot = "outbox-sent/";

    /// <summary>The key of an event for one webhook, under <paramref name="root"/> (outbox, dead letters or sent markers).</summary>
    public static string Outbox(string root, string eventId, int webhook) =>
        root + eventId + "-" + webhook.ToString(CultureInfo.InvariantCulture);

    /// <summary>The upgrade record (summary kept after the instance is purged).</summary>
    public static string UpgradeRecord(string instanceId) => $"upgrade/{instanceId}";
}
