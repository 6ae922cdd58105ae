using Azure.Core;
using Microsoft.Extensions.Logging;
using Seamless.Azure.Http;
using Seamless.Azure.Models;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Workflows.Ports;

namespace Seamless.Azure;

/// <summary>
/// <see cref="IAppServiceClient"/> over the ARM Microsoft.Web REST API (api-version 2024-04-01) through
/// an Azure.Core pipeline. Reads only what Seamless needs; app-setting values are never returned or logged.
/// </summary>
public sealed class ArmAppServiceClient : IAppServiceClient
{
    /// <summary>The Microsoft.Web api-version.</summary>
    public const string ApiVersion = "2024-04-01";

    /// <summary>
    /// The longest a capacity change waits for another operation on the plan to end: longer than a scale
    /// usually takes, short enough that the wait and the change fit in the Functions host's 30-minute
    /// activity timeout.
    /// </summary>
    public static readonly TimeSpan BusyPlanWait = TimeSpan.FromMinutes(10);

    private readonly AzureRestClient _rest;
    private readonly string _armBase;
    private readonly ILogger<ArmAppServiceClient> _logger;
    private readonly AzureAccessOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="ArmAppServiceClient"/> class.</summary>
    public ArmAppServiceClient(AzurePipelineFactory pipelines, ILogger<ArmAppServiceClient> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _options = pipelines.Options;
        _time = timeProvider ?? TimeProvider.System;
        _armBase = pipelines.Options.ArmEndpoint.AbsoluteUri.TrimEnd('/');
        _rest = new AzureRestClient(pipelines.GetPipeline(AzurePipelineFactory.ArmScope), pipelines.Options, logger, _time);
    }

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
    public async Task ApplySlotConfigAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        ArgumentException.ThrowIfNullOrEmpty(sourceSlot);
        if (SlotNames.IsProduction(sourceSlot))
        {
            throw new ArgumentException("Swap with preview applies configuration to a non-production source slot.", nameof(sourceSlot));
        }

        if (string.Equals(sourceSlot, SlotNames.Normalize(targetSlot), StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The source and target slots must differ.", nameof(targetSlot));
        }

        // Production target: WebApps_ApplySlotConfigToProduction takes the *source* slot as targetSlot (as
        // the CLI does). Slot target: WebApps_ApplySlotConfigurationSlot on the source with the target.
        (string path, string bodySlot) = SlotNames.IsProduction(targetSlot)
            ? ($"{site}/applySlotConfig", sourceSlot)
            : ($"{site}/slots/{sourceSlot}/applySlotConfig", targetSlot);
        string target = SlotNames.Normalize(targetSlot);
        Logs.ApplyingSlotConfig(_logger, site.Name, sourceSlot, target);
        BinaryData body = BinaryData.FromObjectAsJson(new CsmSlotEntity { TargetSlot = bodySlot, PreserveVnet = true }, AzureJsonContext.Default.CsmSlotEntity);
        Uri uri = Arm(path);
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Post, uri, body, cancellationToken);
        await _rest.WaitForCompletionAsync(result, "applySlotConfig", uri, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task ResetSlotConfigAsync(string siteId, string? slot, CancellationToken cancellationToken)
    {
        AzureResourceId id = SlotId(siteId, slot);
        string slotName = SlotNames.Normalize(id.Slot);
        Logs.ResettingSlotConfig(_logger, id.Name, slotName);
        Uri uri = Arm($"{id}/resetSlotConfig");
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Post, uri, null, cancellationToken);
        await _rest.WaitForCompletionAsync(result, "resetSlotConfig", uri, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SwapAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        string source = SlotNames.Normalize(sourceSlot);
        string target = SlotNames.Normalize(targetSlot);
        if (string.Equals(source, target, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The source and target slots must differ.", nameof(targetSlot));
        }

        // Slot source: WebApps_SwapSlot on the source slot. Production source: WebApps_SwapSlotWithProduction,
        // whose targetSlot is the other slot.
        string path = SlotNames.IsProduction(source) ? $"{site}/slotsswap" : $"{site}/slots/{source}/slotsswap";
        Logs.Swapping(_logger, site.Name, source, target);
        BinaryData body = BinaryData.FromObjectAsJson(new CsmSlotEntity { TargetSlot = target, PreserveVnet = true }, AzureJsonContext.Default.CsmSlotEntity);
        Uri uri = Arm(path);
        // Sent once: a swap is a toggle, and a pipeline retry could land after an earlier attempt completed and
        // swap back. The activity re-checks the last swap before it tries again.
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Post, uri, body, cancellationToken, retry: false);
        await _rest.WaitForCompletionAsync(result, "slotsswap", uri, cancellationToken);
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
    public async Task SetRoutingAsync(string siteId, IReadOnlyList<RoutingRule> rules, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (RoutingRule rule in rules)
        {
            ArgumentException.ThrowIfNullOrEmpty(rule.Name, nameof(rules));
            ArgumentException.ThrowIfNullOrEmpty(rule.ActionHostName, nameof(rules));
            ArgumentOutOfRangeException.ThrowIfNegative(rule.ReroutePercentage, nameof(rules));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(rule.ReroutePercentage, 100, nameof(rules));
        }

        double total = rules.Sum(r => r.ReroutePercentage);
        Logs.SettingRouting(_logger, site.Name, rules.Count, total);
        var patch = new SiteConfigResource
        {
            Properties = new SiteConfigProperties
            {
                Experiments = new ExperimentsModel
                {
                    RampUpRules = rules.Select(r => new RampUpRuleModel
                    {
                        Name = r.Name,
                        ActionHostName = r.ActionHostName,
                        ReroutePercentage = r.ReroutePercentage,
                    }).ToList(),
                },
            },
        };
        BinaryData body = BinaryData.FromObjectAsJson(patch, AzureJsonContext.Default.SiteConfigResource);
        await _rest.SendExpectingSuccessAsync(RequestMethod.Patch, Arm($"{site}/config/web"), body, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<PlanState> GetPlanAsync(string planId, CancellationToken cancellationToken)
    {
        AzureResourceId plan = PlanId(planId);
        return ToPlanState(await ReadPlanAsync(plan, cancellationToken), plan);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A capacity change still running on the plan ends first: ours, sent before a crash and now resumed,
    /// or anyone's. Until it ends the plan shows the old capacity and ARM refuses writes with 409 "another
    /// operation is in progress", so a resumed activity would otherwise fail on its own earlier write (or,
    /// later, write twice). Waiting is bounded by <see cref="BusyPlanWait"/>.
    /// </remarks>
    public async Task<PlanState> SetPlanCapacityAsync(string planId, int capacity, CancellationToken cancellationToken)
    {
        AzureResourceId plan = PlanId(planId);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        DateTimeOffset deadline = _time.GetUtcNow() + BusyPlanWait;
        while (true)
        {
            PlanResource current = await ReadPlanAsync(plan, cancellationToken);
            if (IsChanging(current))
            {
                // A write now is refused for certain; past the wait, fail retryably and let the caller decide.
                if (_time.GetUtcNow() >= deadline)
                {
                    throw new AzureConflictException("PlanBusy", $"Plan {plan.Name} still has an operation in progress after {BusyPlanWait}.");
                }

                Logs.PlanBusy(_logger, plan.Name, capacity);
                await Task.Delay(_options.PollInterval, _time, cancellationToken);
                continue;
            }

            SkuDescription sku = current.Sku ?? throw new AzureResponseFormatException("The plan has no sku.");
            if (sku.Capacity == capacity)
            {
                // Idempotent: an activity retried after success must not write (and restart nothing) again.
                Logs.CapacityUnchanged(_logger, plan.Name, capacity);
                return ToPlanState(current, plan);
            }

            // AppServicePlans_CreateOrUpdate with the full body from GET (what the CLI does); PATCH has no sku.
            Logs.CapacityChanging(_logger, plan.Name, sku.Capacity ?? 0, capacity);
            sku.Capacity = capacity;
            BinaryData body = BinaryData.FromObjectAsJson(current, AzureJsonContext.Default.PlanResource);
            Uri uri = Arm(plan.ToString());
            RestResult result;
            try
            {
                result = await _rest.SendExpectingSuccessAsync(RequestMethod.Put, uri, body, cancellationToken);
            }
            catch (AzureConflictException) when (_time.GetUtcNow() < deadline)
            {
                // Another operation runs on the plan (its state may not say so): wait, then read again.
                Logs.PlanBusy(_logger, plan.Name, capacity);
                await Task.Delay(_options.PollInterval, _time, cancellationToken);
                continue;
            }

            RestResult final = await _rest.WaitForCompletionAsync(result, "plan capacity", uri, cancellationToken);
            if (ReferenceEquals(final, result) && result.Status == 200 && result.TryRead(AzureJsonContext.Default.PlanResource) is { Sku: not null } written)
            {
                return ToPlanState(written, plan);
            }

            return await GetPlanAsync(planId, cancellationToken);
        }
    }

    /// <summary>ARM shows a plan whose scale operation is still running with provisioningState InProgress.</summary>
    private static bool IsChanging(PlanResource plan) =>
        string.Equals(PropertiesOf(plan)?.ProvisioningState, "InProgress", StringComparison.OrdinalIgnoreCase);

    private static PlanProperties? PropertiesOf(PlanResource plan) =>
        plan.Properties is { ValueKind: System.Text.Json.JsonValueKind.Object } raw
            ? System.Text.Json.JsonSerializer.Deserialize(raw, AzureJsonContext.Default.PlanProperties)
            : null;

    private async Task<PlanResource> ReadPlanAsync(AzureResourceId plan, CancellationToken cancellationToken)
    {
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Get, Arm(plan.ToString()), null, cancellationToken);
        return result.Read(AzureJsonContext.Default.PlanResource);
    }

    private static SiteState ToSiteState(SiteResource resource, AzureResourceId requested)
    {
        SiteProperties properties = resource.Properties ?? throw new AzureResponseFormatException("The site has no properties.");
        SlotSwapStatus? lastSwap = properties.SlotSwapStatus is { TimestampUtc: { } at } swap
            ? new SlotSwapStatus(at, swap.SourceSlotName ?? string.Empty, swap.DestinationSlotName ?? string.Empty)
            : null;
        List<string> hostNames = properties.HostNames ?? [];
        return new SiteState(
            resource.Id ?? requested.ToString(),
            SlotNames.Normalize(requested.Slot),
            properties.State ?? "Unknown",
            string.IsNullOrEmpty(properties.TargetSwapSlot) ? null : properties.TargetSwapSlot,
            lastSwap,
            properties.ServerFarmId ?? string.Empty,
            properties.DefaultHostName ?? (hostNames.Count > 0 ? hostNames[0] : string.Empty),
            hostNames,
            resource.Location ?? string.Empty)
        {
            InProgressOperationId = string.IsNullOrEmpty(properties.InProgressOperationId) ? null : properties.InProgressOperationId,
            ClientAffinityEnabled = properties.ClientAffinityEnabled,
        };
    }

    private static PlanState ToPlanState(PlanResource resource, AzureResourceId requested)
    {
        PlanProperties? properties = PropertiesOf(resource);
        SkuDescription sku = resource.Sku ?? throw new AzureResponseFormatException("The plan has no sku.");
        return new PlanState(
            resource.Id ?? requested.ToString(),
            resource.Location ?? string.Empty,
            sku.Name ?? string.Empty,
            sku.Tier ?? string.Empty,
            sku.Capacity ?? throw new AzureResponseFormatException("The plan sku has no capacity."),
            properties?.ZoneRedundant ?? false,
            properties?.MaximumNumberOfWorkers ?? 0,
            properties?.ProvisioningState);
    }

    private static string? SlotNameOf(SiteResource resource)
    {
        if (AzureResourceId.TryParse(resource.Id, out _) is { Slot: { } slot })
        {
            return slot;
        }

        int slash = resource.Name?.LastIndexOf('/') ?? -1;
        return slash >= 0 ? resource.Name![(slash + 1)..] : null;
    }

    private static string? LastSegment(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        int slash = id.LastIndexOf('/');
        return slash >= 0 ? id[(slash + 1)..] : id;
    }

    private static AzureResourceId SiteId(string siteId)
    {
        AzureResourceId id = Parse(siteId, nameof(siteId));
        return id.IsSite ? id.Site : throw new ArgumentException("Expected an App Service site id.", nameof(siteId));
    }

    private static AzureResourceId SlotId(string siteId, string? slot)
    {
        AzureResourceId id = Parse(siteId, nameof(siteId));
        if (!id.IsSite)
        {
            throw new ArgumentException("Expected an App Service site id.", nameof(siteId));
        }

        return slot is null ? id : id.WithSlot(slot);
    }

    private static AzureResourceId PlanId(string planId)
    {
        AzureResourceId id = Parse(planId, nameof(planId));
        return id.IsPlan ? id : throw new ArgumentException("Expected an App Service plan id.", nameof(planId));
    }

    private static AzureResourceId Parse(string value, string paramName) =>
        AzureResourceId.TryParse(value, out string? error) ?? throw new ArgumentException(error, paramName);

    private Uri Arm(string path) => new($"{_armBase}{path}?api-version={ApiVersion}");

    private static Uri? NextLink(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out Uri? uri) ? uri : null;
}
