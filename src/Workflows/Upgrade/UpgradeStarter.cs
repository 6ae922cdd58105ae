using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Seamless.Core.Payloads;
using Seamless.Core.Resources;
using Seamless.Core.Upgrade;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Upgrade;

/// <summary>How a start request was handled.</summary>
public enum StartUpgradeKind
{
    /// <summary>A new upgrade started.</summary>
    Started,

    /// <summary>The same delivery was seen before: the same instance is returned.</summary>
    Existing,

    /// <summary>Another upgrade is running on the site.</summary>
    Conflict,

    /// <summary>Refused (not managed, invalid policy).</summary>
    Rejected,
}

/// <summary>Result of <see cref="UpgradeStarter.StartAsync"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="InstanceId">The upgrade instance (the running one for a conflict).</param>
/// <param name="Errors">Why it was rejected.</param>
public sealed record StartUpgradeResult(StartUpgradeKind Kind, string? InstanceId, IReadOnlyList<FieldError> Errors);

/// <summary>The site lock record.</summary>
/// <param name="InstanceId">The upgrade holding the site.</param>
/// <param name="DeliveryId">Its delivery.</param>
/// <param name="CreatedAt">When it was taken.</param>
public sealed record SiteLockRecord(string InstanceId, string DeliveryId, DateTimeOffset CreatedAt);

/// <summary>The delivery record.</summary>
/// <param name="InstanceId">The upgrade the delivery started.</param>
/// <param name="SiteId">The site.</param>
/// <param name="ReceivedAt">When.</param>
public sealed record DeliveryRecord(string InstanceId, string SiteId, DateTimeOffset ReceivedAt);

/// <summary>
/// Starts upgrades with the two guarantees CI relies on: one delivery starts at most one upgrade
/// (replays return the same instance), and one site runs at most one upgrade at a time (a site lock
/// taken with optimistic concurrency, so 50 concurrent deliveries start exactly one).
/// </summary>
public sealed class UpgradeStarter(IStateStore store, IOptions<SeamlessOptions> options, TimeProvider clock)
{
    /// <summary>How long a lock whose instance never appeared is honoured (a crash between lock and start).</summary>
    public static readonly TimeSpan OrphanLockGrace = TimeSpan.FromMinutes(5);

    /// <summary>Starts (or finds) the upgrade for a validated request and delivery id, through the host's Durable client.</summary>
    /// <param name="client">The host's Durable client.</param>
    /// <param name="request">The validated request.</param>
    /// <param name="deliveryId">The delivery's idempotency key.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="keepForever">
    /// Keep the delivery's record for good (<see cref="StateKeys.Replay"/>) instead of for the retention period: a
    /// body-only signed delivery has no age, so its record is the only thing that refuses its replay.
    /// </param>
    public async Task<StartUpgradeResult> StartAsync(DurableTaskClient client, UpgradeRequest request, string deliveryId, CancellationToken cancellationToken, bool keepForever = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryId);
        var site = AzureResourceId.Parse(request.Site);
        if (!options.Value.IsManagedSite(site))
        {
            return Rejected(new FieldError("site", $"'{site}' is not in the managed allow-list (Seamless:Managed:Sites)."));
        }

        var policy = UpgradePolicy.Default.Merge(options.Value.Upgrade).Merge(request.Policy);
        var policyErrors = policy.Validate();
        if (policyErrors.Count > 0)
        {
            return new StartUpgradeResult(StartUpgradeKind.Rejected, null, [.. policyErrors.Select(e => new FieldError("policy." + e.Field, e.Message))]);
        }

        string deliveryKey = keepForever ? StateKeys.Replay(deliveryId) : StateKeys.Delivery(deliveryId);
        if (await store.GetAsync(deliveryKey, cancellationToken) is { } seen)
        {
            return new StartUpgradeResult(StartUpgradeKind.Existing, WorkflowJson.Deserialize<DeliveryRecord>(seen.Value)!.InstanceId, []);
        }

        string instanceId = InstanceIds.Upgrade(site, deliveryId);
        var now = clock.GetUtcNow();
        string? holder = await TryLockSiteAsync(client, site, instanceId, deliveryId, now, cancellationToken);
        if (holder is not null)
        {
            return new StartUpgradeResult(StartUpgradeKind.Conflict, holder, []);
        }

        if (await store.TryWriteAsync(deliveryKey, WorkflowJson.Serialize(new DeliveryRecord(instanceId, site.ToString(), now))!, null, cancellationToken) is null
            && await store.GetAsync(deliveryKey, cancellationToken) is { } raced)
        {
            return new StartUpgradeResult(StartUpgradeKind.Existing, WorkflowJson.Deserialize<DeliveryRecord>(raced.Value)!.InstanceId, []);
        }

        var input = new UpgradeInput(site.ToString(), request.SourceSlot, request.TargetSlot, request.Version, request.Strategy, deliveryId, policy, now, options.Value.BuildIdentity);
        return await SingletonStart.TryStartAsync(client, WorkflowNames.UpgradeOrchestrator, input, instanceId, cancellationToken)
            ? new StartUpgradeResult(StartUpgradeKind.Started, instanceId, [])
            : new StartUpgradeResult(StartUpgradeKind.Existing, instanceId, []);
    }

    /// <summary>Returns the instance id holding the site's lock, or null when the lock is ours.</summary>
    public async Task<string?> RunningUpgradeAsync(DurableTaskClient client, AzureResourceId site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(site);
        var item = await store.GetAsync(StateKeys.SiteLock(site), cancellationToken);
        if (item is null)
        {
            return null;
        }

        var record = WorkflowJson.Deserialize<SiteLockRecord>(item.Value)!;
        var meta = await client.GetInstanceAsync(record.InstanceId, false, cancellationToken);
        return meta is not null && SingletonStart.IsActive(meta.RuntimeStatus) ? record.InstanceId : null;
    }

    private async Task<string?> TryLockSiteAsync(DurableTaskClient client, AzureResourceId site, string instanceId, string deliveryId, DateTimeOffset now, CancellationToken ct)
    {
        string key = StateKeys.SiteLock(site);
        string value = WorkflowJson.Serialize(new SiteLockRecord(instanceId, deliveryId, now))!;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var current = await store.GetAsync(key, ct);
            if (current is not null)
            {
                var record = WorkflowJson.Deserialize<SiteLockRecord>(current.Value)!;
                if (record.InstanceId == instanceId)
                {
                    return null;
                }

                var meta = await client.GetInstanceAsync(record.InstanceId, false, ct);
                bool live = (meta is not null && SingletonStart.IsActive(meta.RuntimeStatus)) || (meta is null && now - record.CreatedAt < OrphanLockGrace);
                if (live)
                {
                    return record.InstanceId;
                }
            }

            if (await store.TryWriteAsync(key, value, current?.ETag, ct) is not null)
            {
                return null;
            }
        }

        var winner = await store.GetAsync(key, ct);
        return winner is null ? null : WorkflowJson.Deserialize<SiteLockRecord>(winner.Value)!.InstanceId;
    }

    private static StartUpgradeResult Rejected(FieldError error) => new(StartUpgradeKind.Rejected, null, [error]);
}
