using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seamless.Azure.Models;

// Wire shapes of the ARM Microsoft.Web operations (api-version 2024-04-01). Only the fields Seamless
// reads are typed; everything else is ignored on read, or kept as extension data where a body is
// written back (plan PUT).

internal sealed class ArmErrorResponse
{
    public ArmErrorDetail? Error { get; set; }

    // Some ARM and data-plane errors are flat: { "code": ..., "message": ... }.
    public string? Code { get; set; }

    public string? Message { get; set; }
}

internal sealed class ArmErrorDetail
{
    public string? Code { get; set; }

    public string? Message { get; set; }
}

internal sealed class AsyncOperationStatus
{
    public string? Status { get; set; }

    public ArmErrorDetail? Error { get; set; }

    public AsyncOperationProperties? Properties { get; set; }
}

internal sealed class AsyncOperationProperties
{
    public string? ProvisioningState { get; set; }
}

internal sealed class SiteResource
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Location { get; set; }

    public SiteProperties? Properties { get; set; }
}

internal sealed class SiteProperties
{
    public string? State { get; set; }

    public List<string>? HostNames { get; set; }

    public string? DefaultHostName { get; set; }

    public string? ServerFarmId { get; set; }

    public string? TargetSwapSlot { get; set; }

    public string? InProgressOperationId { get; set; }

    public SlotSwapStatusModel? SlotSwapStatus { get; set; }

    public bool? ClientAffinityEnabled { get; set; }
}

internal sealed class SlotSwapStatusModel
{
    public DateTimeOffset? TimestampUtc { get; set; }

    public string? SourceSlotName { get; set; }

    public string? DestinationSlotName { get; set; }
}

internal sealed class SiteCollection
{
    public List<SiteResource>? Value { get; set; }

    public string? NextLink { get; set; }
}

internal sealed class InstanceResource
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public InstanceProperties? Properties { get; set; }
}

internal sealed class InstanceProperties
{
    public string? State { get; set; }
}

internal sealed class InstanceCollection
{
    public List<InstanceResource>? Value { get; set; }

    public string? NextLink { get; set; }
}

internal sealed class AppSettingsResource
{
    // Values are deserialized only because the wire carries them; the client returns the keys, or one value it was asked for.
    public Dictionary<string, string?>? Properties { get; set; }
}

internal sealed class SlotConfigNamesResource
{
    public SlotConfigNamesProperties? Properties { get; set; }
}

internal sealed class SlotConfigNamesProperties
{
    public List<string>? AppSettingNames { get; set; }

    public List<string>? ConnectionStringNames { get; set; }

    public List<string>? AzureStorageConfigNames { get; set; }
}

internal sealed class CsmSlotEntity
{
    public required string TargetSlot { get; set; }

    public bool PreserveVnet { get; set; }
}

internal sealed class SiteConfigResource
{
    public SiteConfigProperties? Properties { get; set; }
}

internal sealed class SiteConfigProperties
{
    public ExperimentsModel? Experiments { get; set; }

    // Read for build identity only; null, so never written back by the routing PATCH.
    public string? LinuxFxVersion { get; set; }

    public string? WindowsFxVersion { get; set; }
}

internal sealed class ExperimentsModel
{
    public List<RampUpRuleModel>? RampUpRules { get; set; }
}

internal sealed class RampUpRuleModel
{
    public string? ActionHostName { get; set; }

    public double? ReroutePercentage { get; set; }

    // Auto-ramp fields are written as explicit nulls: Seamless drives the percentage itself.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? ChangeStep { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? ChangeIntervalInMinutes { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? MinReroutePercentage { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? MaxReroutePercentage { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ChangeDecisionCallbackUrl { get; set; }

    public string? Name { get; set; }
}

internal sealed class PlanResource
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Kind { get; set; }

    public string? Location { get; set; }

    public SkuDescription? Sku { get; set; }

    // Kept raw so a GET-modify-PUT writes the properties back unchanged.
    public JsonElement? Properties { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class SkuDescription
{
    public string? Name { get; set; }

    public string? Tier { get; set; }

    public string? Size { get; set; }

    public string? Family { get; set; }

    public int? Capacity { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class PlanProperties
{
    public string? Status { get; set; }

    public int? MaximumNumberOfWorkers { get; set; }

    public string? ProvisioningState { get; set; }

    public bool? ZoneRedundant { get; set; }

    public int? NumberOfSites { get; set; }
}

internal sealed class PlanCollection
{
    public List<PlanResource>? Value { get; set; }

    public string? NextLink { get; set; }
}
