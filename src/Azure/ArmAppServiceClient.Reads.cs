using Azure.Core;
using Seamless.Azure.Http;
using Seamless.Azure.Models;
using Seamless.Core.Model;
using Seamless.Core.Resources;

namespace Seamless.Azure;

/// <content>Reads: sites, slots, instances, setting names, build markers, routing and plans.</content>
public sealed partial class ArmAppServiceClient
{
    /// <inheritdoc/>
    public async Task<SiteState> GetSiteAsync(string siteId, string? slot, CancellationToken cancellationToken)
    {
        AzureResourceId id = SlotId(siteId, slot);
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Get, Arm(id.ToString()), null, cancellationToken);
        return ToSiteState(result.Read(AzureJsonContext.Default.SiteResource), id);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SiteState>> ListSlotsAsync(string siteId, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        return ListSitesAsync(Arm($"{site}/slots"), resource => site.WithSlot(SlotNameOf(resource) ?? throw new AzureResponseFormatException("A listed slot has neither a slot id nor a 'site/slot' name.")), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SiteState>> ListPlanSitesAsync(string planId, CancellationToken cancellationToken)
    {
        AzureResourceId plan = PlanId(planId);
        return ListSitesAsync(Arm($"{plan}/sites"), resource => AzureResourceId.Parse(resource.Id ?? throw new AzureResponseFormatException("A site listed on the plan has no id.")), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlanState>> ListGroupPlansAsync(string subscriptionId, string resourceGroup, CancellationToken cancellationToken)
    {
        var plans = new List<PlanState>();
        Uri? next = Arm(GroupPath(subscriptionId, resourceGroup, "serverfarms"));
        while (next is not null)
        {
            RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Get, next, null, cancellationToken);
            PlanCollection page = result.Read(AzureJsonContext.Default.PlanCollection);
            // A listing may carry a subset of a plan's properties; a plan listed without the ones a read gives is left
            // out, and its caller reads it on its own.
            foreach (PlanResource resource in page.Value ?? [])
            {
                if (AzureResourceId.TryParse(resource.Id, out _) is { IsPlan: true } id
                    && resource.Sku?.Capacity is not null
                    && PropertiesOf(resource) is { ProvisioningState: not null, MaximumNumberOfWorkers: not null, NumberOfSites: not null })
                {
                    plans.Add(ToPlanState(resource, id));
                }
            }

            next = NextLink(page.NextLink);
        }

        return plans;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SiteState>> ListGroupSitesAsync(string subscriptionId, string resourceGroup, CancellationToken cancellationToken) =>
        ListSitesAsync(
            new Uri($"{Arm(GroupPath(subscriptionId, resourceGroup, "sites"))}&includeSlots=false"),
            resource => AzureResourceId.TryParse(resource.Id, out _) is { IsSite: true, Slot: null } site
                ? site
                : throw new AzureResponseFormatException("An app listed in the resource group has no site id."),
            cancellationToken);

    private static string GroupPath(string subscriptionId, string resourceGroup, string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceGroup);
        return $"/subscriptions/{Uri.EscapeDataString(subscriptionId)}/resourceGroups/{Uri.EscapeDataString(resourceGroup)}/providers/Microsoft.Web/{type}";
    }

    /// <summary>Reads every page of a site collection (slots of a site, sites of a plan), each resource under the id <paramref name="idOf"/> gives it.</summary>
    private async Task<IReadOnlyList<SiteState>> ListSitesAsync(Uri first, Func<SiteResource, AzureResourceId> idOf, CancellationToken cancellationToken)
    {
        var sites = new List<SiteState>();
        Uri? next = first;
        while (next is not null)
        {
            RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Get, next, null, cancellationToken);
            SiteCollection page = result.Read(AzureJsonContext.Default.SiteCollection);
            foreach (SiteResource resource in page.Value ?? [])
            {
                sites.Add(ToSiteState(resource, idOf(resource)));
            }

            next = NextLink(page.NextLink);
        }

        return sites;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SiteInstance>> ListInstancesAsync(string siteId, string? slot, CancellationToken cancellationToken)
    {
        AzureResourceId id = SlotId(siteId, slot);
        var instances = new List<SiteInstance>();
        Uri? next = Arm($"{id}/instances");
        while (next is not null)
        {
            RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Get, next, null, cancellationToken);
            InstanceCollection page = result.Read(AzureJsonContext.Default.InstanceCollection);
            foreach (InstanceResource instance in page.Value ?? [])
            {
                string name = instance.Name ?? LastSegment(instance.Id) ?? throw new AzureResponseFormatException("A listed instance has no name.");
                instances.Add(new SiteInstance(name, instance.Properties?.State));
            }

            next = NextLink(page.NextLink);
        }

        return instances;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> GetAppSettingNamesAsync(string siteId, string? slot, CancellationToken cancellationToken)
    {
        AzureResourceId id = SlotId(siteId, slot);
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Post, Arm($"{id}/config/appsettings/list"), null, cancellationToken);
        AppSettingsResource settings = result.Read(AzureJsonContext.Default.AppSettingsResource);
        return settings.Properties?.Keys.Order(StringComparer.Ordinal).ToArray() ?? [];
    }

    /// <inheritdoc/>
    public async Task<string?> GetAppSettingValueAsync(string siteId, string? slot, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AzureResourceId id = SlotId(siteId, slot);
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Post, Arm($"{id}/config/appsettings/list"), null, cancellationToken);
        Dictionary<string, string?>? settings = result.Read(AzureJsonContext.Default.AppSettingsResource).Properties;

        // App Service treats setting names case-insensitively.
        return settings?.FirstOrDefault(s => string.Equals(s.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <inheritdoc/>
    public async Task<string?> GetContainerImageAsync(string siteId, string? slot, CancellationToken cancellationToken)
    {
        AzureResourceId id = SlotId(siteId, slot);
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Get, Arm($"{id}/config/web"), null, cancellationToken);
        SiteConfigProperties? config = result.Read(AzureJsonContext.Default.SiteConfigResource).Properties;
        return new[] { config?.LinuxFxVersion, config?.WindowsFxVersion }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
    }

    /// <inheritdoc/>
    public async Task<SlotConfigNames> GetSlotConfigNamesAsync(string siteId, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Get, Arm($"{site}/config/slotConfigNames"), null, cancellationToken);
        SlotConfigNamesProperties? names = result.Read(AzureJsonContext.Default.SlotConfigNamesResource).Properties;
        return new SlotConfigNames(names?.AppSettingNames ?? [], names?.ConnectionStringNames ?? []);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RoutingRule>> GetRoutingAsync(string siteId, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Get, Arm($"{site}/config/web"), null, cancellationToken);
        List<RampUpRuleModel>? rules = result.Read(AzureJsonContext.Default.SiteConfigResource).Properties?.Experiments?.RampUpRules;
        return rules?.Select(r => new RoutingRule(r.Name ?? string.Empty, r.ActionHostName ?? string.Empty, r.ReroutePercentage ?? 0)).ToArray() ?? [];
    }

    /// <inheritdoc/>
    public async Task<PlanState> GetPlanAsync(string planId, CancellationToken cancellationToken)
    {
        AzureResourceId plan = PlanId(planId);
        return ToPlanState(await ReadPlanAsync(plan, cancellationToken), plan);
    }
}
