using System.Text.Json;

namespace Seamless.Workflows.Orchestration;

/// <summary>Metadata of an orchestration instance (mirrors Microsoft.DurableTask.Client.OrchestrationMetadata).</summary>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    /// <summary>Gets the runtime status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>Gets the creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the time of the last update.</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Gets the serialized input (only when fetched with inputs and outputs).</summary>
    public string? SerializedInput { get; init; }

    /// <summary>Gets the serialized output (only when fetched with inputs and outputs).</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>Gets the serialized custom status (only when fetched with inputs and outputs).</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Gets the failure details when the instance failed.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets a value indicating whether the instance is Pending, Running or Suspended.</summary>
    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    /// <summary>Gets a value indicating whether the instance reached a terminal status.</summary>
    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>Deserializes the input.</summary>
    public T? ReadInputAs<T>() => Read<T>(SerializedInput);

    /// <summary>Deserializes the output.</summary>
    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput);

    /// <summary>Deserializes the custom status.</summary>
    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus);

    private static T? Read<T>(string? json) =>
        json is null ? default : JsonSerializer.Deserialize<T>(json, WorkflowJson.Options);
}
