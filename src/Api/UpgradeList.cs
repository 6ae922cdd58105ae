using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Seamless.Api.Requests;
using Seamless.Core.Payloads;
using Seamless.Core.Resources;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api;

/// <summary>Links of one listed upgrade: itself, and the signals it accepts now.</summary>
/// <param name="Self">The upgrade's status resource.</param>
/// <param name="Approve">POST here to approve; present only while it waits for approval.</param>
/// <param name="Abort">POST here to abort; present only while it can still be aborted.</param>
public sealed record UpgradeLinks(string Self, string? Approve, string? Abort);

/// <summary>One item of <c>GET /api/upgrades</c>: a release, running or finished, without its history.</summary>
/// <param name="Id">The upgrade id.</param>
/// <param name="Site">The site resource id.</param>
/// <param name="Version">The requested build.</param>
/// <param name="Strategy">swap or canary.</param>
/// <param name="Status">Durable runtime status: Pending, Running, Completed, Failed, Terminated.</param>
/// <param name="Outcome">Promoted, AlreadyServing, RolledBack, Rejected, Aborted or Failed once finished.</param>
/// <param name="Reason">Why it ended that way.</param>
/// <param name="Phase">The current (or last) phase.</param>
/// <param name="Step">The current (or last) step.</param>
/// <param name="RoutingPercentage">Traffic share on the source slot now.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished; null while running.</param>
/// <param name="Links">Its status resource and the signals it accepts now.</param>
public sealed record UpgradeSummary(
    string Id,
    string? Site,
    string? Version,
    string? Strategy,
    string Status,
    string? Outcome,
    string? Reason,
    string? Phase,
    string? Step,
    double? RoutingPercentage,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    UpgradeLinks Links)
{
    /// <summary>Gets a value indicating whether the upgrade is still running.</summary>
    public bool IsActive => Status is "Pending" or "Running" or "Suspended";

    /// <summary>Shapes one instance (fetched with inputs and outputs).</summary>
    public static UpgradeSummary From(OrchestrationMetadata metadata, string? publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var view = UpgradeView.From(metadata, ApiLinks.Upgrade(publicBaseUrl, metadata.InstanceId));
        var input = metadata.SerializedInput is null ? null : metadata.ReadInputAs<UpgradeInput>();
        bool active = SingletonStart.IsActive(metadata.RuntimeStatus);
        string? approve = active && view.Phase == UpgradePhases.Approval ? ApiLinks.Approve(publicBaseUrl, view.Id) : null;
        string? abort = active && view.Phase is not (UpgradePhases.RollingBack or UpgradePhases.Done) ? ApiLinks.Abort(publicBaseUrl, view.Id) : null;
        return new UpgradeSummary(
            view.Id,
            view.Site,
            view.Version,
            input?.Strategy,
            view.Status,
            view.Outcome,
            view.Reason,
            view.Phase,
            view.Step,
            view.RoutingPercentage,
            view.CreatedAt,
            active ? null : view.LastUpdatedAt,
            new UpgradeLinks(view.StatusUri, approve, abort));
    }
}

/// <summary>
/// The filters of <c>GET /api/upgrades?site=&amp;status=&amp;limit=</c>, validated: each bad value is a
/// <see cref="FieldError"/> naming its query field.
/// </summary>
/// <param name="Site">A site resource id to match exactly, or null.</param>
/// <param name="SiteName">A site name (from the id, or given alone: any resource group), or null.</param>
/// <param name="Status">A runtime status, an outcome or <c>active</c>, or null.</param>
/// <param name="Limit">How many of the newest to return.</param>
public sealed partial record UpgradeListFilter(AzureResourceId? Site, string? SiteName, string? Status, int Limit)
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 20;

    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 200;

    /// <summary>Every accepted <c>status</c> value: the runtime statuses, the outcomes and <c>active</c> (pending or running).</summary>
    public static readonly IReadOnlyList<string> Statuses =
    [
        "active", "Pending", "Running", "Completed", "Failed", "Terminated",
        nameof(UpgradeOutcome.Promoted), nameof(UpgradeOutcome.AlreadyServing), nameof(UpgradeOutcome.RolledBack), nameof(UpgradeOutcome.Rejected), nameof(UpgradeOutcome.Aborted),
    ];

    /// <summary>Gets the instance id prefix the site narrows the query to.</summary>
    public string Prefix => SiteName is null ? "upgrade:" : $"upgrade:{SiteName.ToLowerInvariant()}:";

    /// <summary>Validates the query.</summary>
    public static (UpgradeListFilter? Filter, IReadOnlyList<FieldError> Errors) Parse(UpgradeListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<FieldError>();
        string? siteText = query.Site;
        string? statusText = query.Status;
        string? limitText = query.Limit;

        AzureResourceId? site = null;
        string? siteName = null;
        if (!string.IsNullOrEmpty(siteText))
        {
            if (siteText.Contains('/', StringComparison.Ordinal))
            {
                site = AzureResourceId.TryParse(siteText, out string? error);
                if (site is null || !site.IsSite || site.Slot is not null)
                {
                    errors.Add(new FieldError("site", $"'site' is not a site resource id. {error}".Trim()));
                    site = null;
                }
                else
                {
                    siteName = site.Name;
                }
            }
            else if (SiteNamePattern().IsMatch(siteText))
            {
                siteName = siteText;
            }
            else
            {
                errors.Add(new FieldError("site", "'site' must be a site resource id or a site name (letters, digits and hyphens, up to 60)."));
            }
        }

        string? status = null;
        if (!string.IsNullOrEmpty(statusText))
        {
            status = Statuses.FirstOrDefault(s => string.Equals(s, statusText, StringComparison.OrdinalIgnoreCase));
            if (status is null)
            {
                errors.Add(new FieldError("status", $"'status' must be one of {string.Join(", ", Statuses)}."));
            }
        }

        int limit = DefaultLimit;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors.Add(new FieldError("limit", $"'limit' must be an integer from 1 to {MaxLimit}."));
        }

        return errors.Count > 0 ? (null, errors) : (new UpgradeListFilter(site, siteName, status, limit), errors);
    }

    /// <summary>The runtime statuses the engine can filter on for this status (null: filter after reading).</summary>
    public IReadOnlyList<OrchestrationRuntimeStatus>? RuntimeStatuses => Status switch
    {
        "active" => [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
        "Pending" => [OrchestrationRuntimeStatus.Pending],
        "Running" => [OrchestrationRuntimeStatus.Running],
        "Completed" or nameof(UpgradeOutcome.Promoted) or nameof(UpgradeOutcome.AlreadyServing) or nameof(UpgradeOutcome.RolledBack) or nameof(UpgradeOutcome.Rejected) => [OrchestrationRuntimeStatus.Completed],
        "Terminated" => [OrchestrationRuntimeStatus.Terminated],
        _ => null,
    };

    /// <summary>Whether a listed upgrade passes the filter.</summary>
    public bool Matches(UpgradeSummary item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (Site is not null && (item.Site is null || AzureResourceId.TryParse(item.Site, out _) is not { } itemSite || !itemSite.Equals(Site)))
        {
            return false;
        }

        return Status switch
        {
            null => true,
            "active" => item.IsActive,
            "Pending" or "Running" or "Completed" or "Terminated" => item.Status == Status,
            "Failed" => item.Status == Status || item.Outcome == Status,
            _ => item.Outcome == Status,
        };
    }

    // \z, not $: '$' also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,59}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SiteNamePattern();
}

/// <summary>Reads the releases the Durable store holds (instances <c>upgrade:{site}:…</c>), newest first.</summary>
public static class UpgradeList
{
    /// <summary>Lists the upgrades passing <paramref name="filter"/>, newest first, at most <see cref="UpgradeListFilter.Limit"/>.</summary>
    public static async Task<IReadOnlyList<UpgradeSummary>> ListAsync(DurableTaskClient client, UpgradeListFilter filter, string? publicBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(filter);
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = filter.Prefix,
            FetchInputsAndOutputs = true,
            Statuses = filter.RuntimeStatuses,
            PageSize = 100,
        };

        // The engines page in their own order (creation time, or none), so newest first means reading every page.
        var items = new List<UpgradeSummary>();
        await foreach (var metadata in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            var item = UpgradeSummary.From(metadata, publicBaseUrl);
            if (filter.Matches(item))
            {
                items.Add(item);
            }
        }

        return [.. items.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).Take(filter.Limit)];
    }
}
