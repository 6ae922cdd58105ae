using System.Globalization;
using System.Text.Json.Nodes;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Model;

namespace Seamless.Simulator.Http;

/// <summary>Builds ARM JSON bodies with the fields of the official examples (azure-examples/web, plans).</summary>
internal static class ArmJson
{
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string IsoSeconds(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Site(SlotModel slot)
    {
        var site = slot.Site;
        string scm = slot.HostName.Replace(".azurewebsites.net", ".scm.azurewebsites.net", StringComparison.OrdinalIgnoreCase);
        var siteConfig = WebConfigJson.Properties(slot);
        string verification = Noise.HexId(0, site.Id.ToString())[..64].ToUpperInvariant();
        return new JsonObject
        {
            ["id"] = slot.Id.ToString(),
            ["name"] = slot.IsProduction ? site.Name : $"{site.Name}/{slot.Name}",
            ["type"] = slot.IsProduction ? "Microsoft.Web/sites" : "Microsoft.Web/sites/slots",
            ["kind"] = "app",
            ["location"] = site.Plan.Location,
            ["properties"] = new JsonObject
            {
                ["state"] = "Running",
                ["hostNames"] = new JsonArray(slot.HostName),
                ["repositorySiteName"] = site.Name,
                ["usageState"] = "Normal",
                ["enabled"] = true,
                ["enabledHostNames"] = new JsonArray(slot.HostName, scm),
                ["availabilityState"] = "Normal",
                ["hostNameSslStates"] = new JsonArray(
                    new JsonObject { ["name"] = slot.HostName, ["sslState"] = "Disabled", ["hostType"] = "Standard" },
                    new JsonObject { ["name"] = scm, ["sslState"] = "Disabled", ["hostType"] = "Repository" }),
                ["serverFarmId"] = site.Plan.Id.ToString(),
                ["reserved"] = false,
                ["isXenon"] = false,
                ["hyperV"] = false,
                ["lastModifiedTimeUtc"] = Iso(slot.LastModified),
                ["outboundVnetRouting"] = new JsonObject
                {
                    ["allTraffic"] = false,
                    ["applicationTraffic"] = false,
                    ["contentShareTraffic"] = false,
                    ["imagePullTraffic"] = false,
                    ["backupRestoreTraffic"] = false,
                },
                ["siteConfig"] = siteConfig,
                ["scmSiteAlsoStopped"] = false,
                ["clientAffinityEnabled"] = site.Drain.AffinityEnabled,
                ["clientCertEnabled"] = false,
                ["clientCertMode"] = "Required",
                ["hostNamesDisabled"] = false,
                ["customDomainVerificationId"] = verification,
                ["outboundIpAddresses"] = "192.0.2.10,192.0.2.11",
                ["possibleOutboundIpAddresses"] = "192.0.2.10,192.0.2.11,192.0.2.12,192.0.2.13",
                ["containerSize"] = 0,
                ["dailyMemoryTimeQuota"] = 0,
                ["resourceGroup"] = site.Id.ResourceGroup,
                ["defaultHostName"] = slot.HostName,
                ["httpsOnly"] = true,
                ["redundancyMode"] = "None",
                ["storageAccountRequired"] = false,
                ["keyVaultReferenceIdentity"] = "SystemAssigned",
                ["workloadProfileName"] = null,
                ["resourceConfig"] = null,
                ["sku"] = site.Plan.Sku.Tier,
                ["targetSwapSlot"] = slot.TargetSwapSlot,
                ["inProgressOperationId"] = site.BusyOperationId,
                ["slotSwapStatus"] = slot.LastSwap is { } swap
                    ? new JsonObject
                    {
                        ["timestampUtc"] = Iso(swap.TimestampUtc),
                        ["sourceSlotName"] = swap.SourceSlotName,
                        ["destinationSlotName"] = swap.DestinationSlotName,
                    }
                    : null,
            },
        };
    }

    public static JsonObject AppSettings(SlotModel slot)
    {
        var props = new JsonObject();
        foreach (var (k, v) in slot.AppSettings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            props[k] = v;
        }

        return new JsonObject
        {
            ["id"] = slot.Id + "/config/appsettings",
            ["name"] = "appsettings",
            ["type"] = slot.IsProduction ? "Microsoft.Web/sites/config" : "Microsoft.Web/sites/slots/config",
            ["kind"] = "app",
            ["properties"] = props,
        };
    }

    public static JsonObject SlotConfigNames(SiteModel site) => new()
    {
        ["id"] = site.Id + "/config/slotConfigNames",
        ["name"] = "slotConfigNames",
        ["type"] = "Microsoft.Web/sites/config",
        ["properties"] = new JsonObject
        {
            ["connectionStringNames"] = new JsonArray(site.StickyConnectionStringNames.Select(n => (JsonNode)n).ToArray()),
            ["appSettingNames"] = new JsonArray(site.StickyAppSettingNames.Select(n => (JsonNode)n).ToArray()),
            ["azureStorageConfigNames"] = new JsonArray(),
        },
    };

    public static JsonObject Instances(SlotModel slot)
    {
        var arr = new JsonArray();
        foreach (var i in slot.Site.Plan.Instances)
        {
            arr.Add(new JsonObject
            {
                ["id"] = $"{slot.Id}/instances/{i.Id}",
                ["name"] = i.Id,
                ["type"] = slot.IsProduction ? "Microsoft.Web/sites/instances" : "Microsoft.Web/sites/slots/instances",
                ["properties"] = new JsonObject
                {
                    ["state"] = "READY",
                    ["statusUrl"] = $"https://{slot.HostName.Replace(".azurewebsites.net", ".scm.azurewebsites.net", StringComparison.OrdinalIgnoreCase)}/api/instances/{i.Id}",
                    ["detectorUrl"] = null,
                    ["containers"] = new JsonObject(),
                },
            });
        }

        return new JsonObject { ["value"] = arr, ["nextLink"] = null };
    }

    public static JsonObject Plan(PlanModel plan)
    {
        bool busy = plan.BusyOperationId is not null;
        return new JsonObject
        {
            ["id"] = plan.Id.ToString(),
            ["name"] = plan.Name,
            ["type"] = "Microsoft.Web/serverfarms",
            ["kind"] = "app",
            ["location"] = plan.Location,
            ["properties"] = new JsonObject
            {
                ["geoRegion"] = plan.Location,
                ["isSpot"] = false,
                ["maximumNumberOfWorkers"] = plan.MaximumNumberOfWorkers,
                ["numberOfSites"] = plan.Sites.Count,
                ["numberOfWorkers"] = plan.Instances.Count,
                ["provisioningState"] = busy ? "InProgress" : "Succeeded",
                ["reserved"] = false,
                ["status"] = "Ready",
                ["targetWorkerCount"] = 0,
                ["targetWorkerSizeId"] = 0,
                ["asyncScalingEnabled"] = false,
                ["perSiteScaling"] = false,
                ["elasticScaleEnabled"] = false,
                ["maximumElasticWorkerCount"] = 1,
                ["zoneRedundant"] = plan.ZoneRedundant,
                ["maximumNumberOfZones"] = plan.ZoneRedundant ? 3 : 1,
                ["resourceGroup"] = plan.Id.ResourceGroup,
            },
            ["sku"] = new JsonObject
            {
                ["name"] = plan.Sku.Name,
                ["tier"] = plan.Sku.Tier,
                ["size"] = plan.Sku.Size,
                ["family"] = plan.Sku.Family,
                ["capacity"] = plan.Instances.Count,
            },
        };
    }

    public static JsonObject Operation(LroModel lro)
    {
        var body = new JsonObject
        {
            ["id"] = $"{lro.ResourceId}/operationresults/{lro.Id}",
            ["name"] = lro.Id,
            ["status"] = lro.Status,
            ["startTime"] = Iso(lro.StartedAt),
        };
        if (lro.Status != "InProgress")
        {
            body["endTime"] = Iso(lro.CompleteAt);
        }

        if (lro.Status == "Failed")
        {
            body["error"] = new JsonObject { ["code"] = lro.ErrorCode, ["message"] = lro.ErrorMessage };
        }

        return body;
    }
}
