using System.Text.Json.Serialization;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Fleet;
using Seamless.Simulator.Http;
using Seamless.Simulator.Model;

namespace Seamless.Simulator.Json;

/// <summary>Source-generated JSON for the fleet file and the control API (camelCase, comments and trailing commas allowed).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(FleetSpec))]
[JsonSerializable(typeof(FleetSnapshot))]
[JsonSerializable(typeof(SiteSnapshot))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<SimOperation>))]
[JsonSerializable(typeof(IReadOnlyList<TrafficMinute>))]
[JsonSerializable(typeof(IReadOnlyList<FaultSpec>))]
[JsonSerializable(typeof(FaultSpec))]
[JsonSerializable(typeof(DeployRequest))]
[JsonSerializable(typeof(LoadRequest))]
[JsonSerializable(typeof(ClockResponse))]
[JsonSerializable(typeof(ClockMove))]
[JsonSerializable(typeof(RequestProfileRequest))]
[JsonSerializable(typeof(ControlError))]
internal sealed partial class SimJsonContext : JsonSerializerContext;
