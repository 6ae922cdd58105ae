using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace Seamless.Workflows.Orchestration;

/// <summary>
/// The one JSON convention for orchestration inputs, outputs, events and custom status in every
/// engine (web defaults: camelCase, case-insensitive; enums as strings): the embedded engine, the
/// Durable worker (<see cref="DataConverter"/>) and the Functions worker's serializer.
/// </summary>
public static class WorkflowJson
{
    /// <summary>Gets the shared serializer options (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Gets the Durable data converter over <see cref="Options"/>.</summary>
    public static DataConverter DataConverter { get; } = new JsonDataConverter(Options);

    /// <summary>Serializes a value with <see cref="Options"/>; null stays null.</summary>
    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>Deserializes a value with <see cref="Options"/>.</summary>
    public static T? Deserialize<T>(string? json) =>
        json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
