using System.Text.Json.Serialization;

namespace Seamless.Azure.Models;

/// <summary>Source-generated serializers for every ARM and Monitor shape the adapters read or write.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ArmErrorResponse))]
[JsonSerializable(typeof(AsyncOperationStatus))]
[JsonSerializable(typeof(SiteResource))]
[JsonSerializable(typeof(SiteCollection))]
[JsonSerializable(typeof(InstanceCollection))]
[JsonSerializable(typeof(AppSettingsResource))]
[JsonSerializable(typeof(SlotConfigNamesResource))]
[JsonSerializable(typeof(CsmSlotEntity))]
[JsonSerializable(typeof(SiteConfigResource))]
[JsonSerializable(typeof(PlanResource))]
[JsonSerializable(typeof(PlanProperties))]
[JsonSerializable(typeof(PlanCollection))]
[JsonSerializable(typeof(MetricsResponse))]
[JsonSerializable(typeof(MetricBatchRequest))]
[JsonSerializable(typeof(MetricBatchResponse))]
internal sealed partial class AzureJsonContext : JsonSerializerContext
{
}
