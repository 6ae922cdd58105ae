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
public sealed partial class ArmAppServiceClient : IAppServiceClient, IResourceGroupLister
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
            properties?.ProvisioningState)
        {
            NumberOfSites = properties?.NumberOfSites,
        };
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
