using Seamless.Core.Notifications;
using Seamless.Core.Resources;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Notifications;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Microsoft.Extensions.Options;

namespace Seamless.Workflows.Activities;

/// <summary>Activities over <see cref="IStateStore"/>: leases, locks, vetoes, journal. All idempotent.</summary>
public sealed class StateActivities(IStateStore store, DecisionJournal journal, IOptions<SeamlessOptions> options)
{
    /// <summary>Checks a site or plan id against the allow-list; returns the reason when refused, else null.</summary>
    public Task<string?> CheckManagedAsync(string resourceId, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var id = AzureResourceId.TryParse(resourceId, out string? error);
        if (id is null)
        {
            return Task.FromResult<string?>($"'{resourceId}' is not a valid resource id: {error}");
        }

        bool managed = id.IsSite ? options.Value.IsManagedSite(id) : options.Value.IsManagedPlan(id);
        return Task.FromResult(managed ? null : $"'{id}' is not in the managed allow-list (Seamless:Managed).");
    }

    /// <summary>Takes (or renews) the capacity lease of a releasing site on its plan.</summary>
    public async Task<bool> AcquirePlanLeaseAsync(PlanLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        string key = StateKeys.PlanLease(AzureResourceId.Parse(lease.PlanId), AzureResourceId.Parse(lease.SiteId));
        return await UpsertAsync(key, lease, cancellationToken);
    }

    /// <summary>Releases the plan lease and site lock held by an instance (leaves others' entries alone).</summary>
    public async Task<bool> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = AzureResourceId.Parse(request.SiteId);
        if (request.PlanId is not null)
        {
            await DeleteIfHeldAsync(StateKeys.PlanLease(AzureResourceId.Parse(request.PlanId), site), request.Holder, cancellationToken);
        }
        else
        {
            await DeleteIfHeldAsync(StateKeys.SiteLock(site), request.Holder, cancellationToken);
        }

        return true;
    }

    /// <summary>Reads the live leases and veto of a plan.</summary>
    public async Task<PlanGuards> GetPlanGuardsAsync(PlanGuardsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = AzureResourceId.Parse(request.PlanId);
        var leases = (await store.ListAsync(StateKeys.PlanLeasePrefix(plan), 100, cancellationToken))
            .Select(i => WorkflowJson.Deserialize<PlanLease>(i.Value)!)
            .Where(l => l.Until > request.Now)
            .ToList();
        var vetoItem = await store.GetAsync(StateKeys.Veto(plan), cancellationToken);
        var veto = vetoItem is null ? null : WorkflowJson.Deserialize<ScaleInVeto>(vetoItem.Value);
        return new PlanGuards(leases, veto is not null && veto.Until > request.Now ? veto : null);
    }

    /// <summary>Sets or lifts a plan's veto.</summary>
    public async Task<bool> SetVetoAsync(VetoUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        string key = StateKeys.Veto(AzureResourceId.Parse(update.PlanId));
        if (update.Veto is null)
        {
            await store.DeleteAsync(key, cancellationToken);
            return true;
        }

        return await UpsertAsync(key, update.Veto, cancellationToken);
    }

    /// <summary>Writes or clears the record of a swap with preview Seamless started.</summary>
    public async Task<bool> RecordPreviewAsync(PreviewUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        string key = StateKeys.Preview(AzureResourceId.Parse(update.SiteId));
        if (update.Record is null)
        {
            await store.DeleteAsync(key, cancellationToken);
            return true;
        }

        return await UpsertAsync(key, update.Record, cancellationToken);
    }

    /// <summary>Reads the record of a swap with preview Seamless started on a site.</summary>
    public async Task<PreviewRecord?> GetPreviewAsync(string siteId, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(StateKeys.Preview(AzureResourceId.Parse(siteId)), cancellationToken);
        return item is null ? null : WorkflowJson.Deserialize<PreviewRecord>(item.Value);
    }

    /// <summary>Appends a journal entry (idempotent: a re-run overwrites the same key).</summary>
    public async Task<bool> AppendJournalAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        await journal.AppendAsync(entry, cancellationToken);
        return true;
    }

    /// <summary>Reads the latest journal entries of a plan.</summary>
    public Task<IReadOnlyList<JournalEntry>> ReadJournalAsync(JournalQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return journal.ListAsync(AzureResourceId.Parse(query.PlanId), query.Limit, cancellationToken);
    }

    /// <summary>Compares a plan's capacity with the last one recorded, to date changes by any actor.</summary>
    public async Task<CapacityHistory> ObserveCapacityAsync(CapacityObservation observation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observation);
        string key = StateKeys.PlanCapacity(AzureResourceId.Parse(observation.PlanId));
        var item = await store.GetAsync(key, cancellationToken);
        var previous = item is null ? null : WorkflowJson.Deserialize<CapacityRecord>(item.Value);
        bool changed = previous is not null && previous.Capacity != observation.Capacity;
        var record = previous is null
            ? new CapacityRecord(observation.Capacity, null)
            : changed || observation.SetBySeamless ? new CapacityRecord(observation.Capacity, observation.Now) : previous;
        if (record != previous)
        {
            await store.TryWriteAsync(key, WorkflowJson.Serialize(record)!, item?.ETag, cancellationToken);
        }

        return new CapacityHistory(record.ChangedAt, changed && !observation.SetBySeamless, previous?.Capacity);
    }

    /// <summary>Stores an upgrade's summary (status and timeline) for reports after purge.</summary>
    public async Task<bool> SaveUpgradeRecordAsync(UpgradeRecordUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return await UpsertAsync(StateKeys.UpgradeRecord(update.InstanceId), update.Record, cancellationToken);
    }

    /// <summary>Writes an event to the notification outbox for each webhook that wants it (none configured: nothing).</summary>
    public Task<int> EnqueueNotificationAsync(NotificationEvent notification, CancellationToken cancellationToken) =>
        NotificationOutbox.EnqueueAsync(store, options.Value.Notifications, notification, cancellationToken);

    private async Task<bool> UpsertAsync(string key, object value, CancellationToken ct)
    {
        string json = WorkflowJson.Serialize(value)!;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var current = await store.GetAsync(key, ct);
            if (current is not null && current.Value == json)
            {
                return true;
            }

            if (await store.TryWriteAsync(key, json, current?.ETag, ct) is not null)
            {
                return true;
            }
        }

        throw new InvalidOperationException($"Could not write '{key}': concurrent writers kept winning.");
    }

    private async Task DeleteIfHeldAsync(string key, string holder, CancellationToken ct)
    {
        var item = await store.GetAsync(key, ct);
        if (item is not null && item.Value.Contains(holder, StringComparison.Ordinal))
        {
            await store.DeleteAsync(key, ct);
        }
    }
}

/// <summary>Request to store an upgrade record.</summary>
/// <param name="InstanceId">The upgrade instance.</param>
/// <param name="Record">The record (status snapshot).</param>
public sealed record UpgradeRecordUpdate(string InstanceId, object Record);
