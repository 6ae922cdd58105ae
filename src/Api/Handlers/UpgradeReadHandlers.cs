using Seamless.Api.Requests;
using Seamless.Workflows;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api.Handlers;

/// <summary>The read side of releases: the list, one upgrade, and its slots' metrics. Keys are checked before these run.</summary>
public sealed class UpgradeReadHandlers(
    UpgradeMetricsReader upgradeMetrics,
    IStateStore store,
    IOptions<SeamlessOptions> options,
    TimeProvider clock)
{
    /// <summary>GET /api/upgrades?site=&amp;status=&amp;limit=: releases, running and finished, newest first.</summary>
    public async Task<Results<JsonHttpResult<UpgradeListResponse>, ProblemHttpResult>> ListAsync(UpgradeListQuery query, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(client);
        var (filter, errors) = UpgradeListFilter.Parse(query);
        if (filter is null)
        {
            return ApiProblems.Invalid(errors);
        }

        var items = await UpgradeList.ListAsync(client, filter, options.Value.Api.PublicBaseUrl, cancellationToken);
        return TypedResults.Json(
            new UpgradeListResponse(filter.Site?.ToString() ?? filter.SiteName, filter.Status, filter.Limit, items.Count, items),
            WorkflowJson.Options);
    }

    /// <summary>GET /api/upgrades/{id}.</summary>
    public async Task<Results<JsonHttpResult<UpgradeView>, ProblemHttpResult>> GetAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (metadata, problem) = await UpgradeLookup.FindAsync(client, id, cancellationToken);
        if (metadata is null)
        {
            return problem!;
        }

        // A finished upgrade's full history is in its record; the instance only carries the bounded status.
        var record = metadata.IsCompleted && await store.GetAsync(StateKeys.UpgradeRecord(id), cancellationToken) is { } item
            ? WorkflowJson.Deserialize<UpgradeStatus>(item.Value)
            : null;
        return TypedResults.Json(UpgradeView.From(metadata, ApiLinks.Upgrade(options.Value.Api.PublicBaseUrl, id), record), WorkflowJson.Options);
    }

    /// <summary>
    /// GET /api/upgrades/{id}/metrics?from=&amp;to=: per-minute requests, 5xx and response time of the upgrade's target
    /// and source slots, read through the host's metrics port (its identity, not the caller's). The window defaults to
    /// a few minutes before the upgrade started to a few minutes after it ended (now while it runs).
    /// </summary>
    public async Task<Results<JsonHttpResult<UpgradeMetricsView>, ProblemHttpResult>> GetMetricsAsync(UpgradeMetricsQuery query, DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(client);
        if (!InstanceIds.IsUpgrade(id))
        {
            return UpgradeLookup.Malformed();
        }

        var (range, errors) = UpgradeMetricsRange.Parse(query);
        if (range is null)
        {
            return ApiProblems.Invalid(errors);
        }

        var (metadata, _) = await UpgradeLookup.FindAsync(client, id, cancellationToken);
        var input = metadata?.SerializedInput is null ? null : metadata.ReadInputAs<UpgradeInput>();
        if (metadata is null || input is null || AzureResourceId.TryParse(input.SiteId, out _) is not { } site || !site.IsSite)
        {
            return UpgradeLookup.NotFound(id);
        }

        var window = UpgradeMetricsReader.DefaultWindow(
            metadata.CreatedAt,
            SingletonStart.IsActive(metadata.RuntimeStatus) ? null : metadata.LastUpdatedAt,
            clock.GetUtcNow());
        var start = range.From ?? window.From;
        var stop = range.To ?? window.To;
        if (stop <= start)
        {
            return ApiProblems.Invalid([new FieldError("to", "'to' must be after 'from'.")]);
        }

        if (stop - start > UpgradeMetricsReader.MaxWindow)
        {
            return ApiProblems.Invalid([new FieldError("to", $"The window from 'from' to 'to' may span at most {UpgradeMetricsReader.MaxWindow.TotalHours:0} hours.")]);
        }

        var slots = await upgradeMetrics.ReadAsync(site, input.TargetSlot, input.SourceSlot, start, stop, cancellationToken);
        return TypedResults.Json(new UpgradeMetricsView(id, site.ToString(), start, stop, slots), WorkflowJson.Options);
    }
}
