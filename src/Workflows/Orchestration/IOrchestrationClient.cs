namespace Seamless.Workflows.Orchestration;

/// <summary>
/// Client for orchestration instances; mirrors Microsoft.DurableTask.Client.DurableTaskClient. The
/// Host implements it over the embedded engine, src/Functions over <c>DurableTaskClient</c>.
/// </summary>
public interface IOrchestrationClient
{
    /// <summary>
    /// Starts a new instance. Starting an instance id that is Pending or Running throws
    /// <see cref="OrchestrationAlreadyExistsException"/>; a finished instance with that id is replaced.
    /// </summary>
    Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default);

    /// <summary>Raises an event; buffered until the orchestrator waits for it.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    /// <summary>Gets an instance's metadata, or null when it does not exist.</summary>
    Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Terminates a running instance with an optional output (the reason).</summary>
    Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default);

    /// <summary>Waits until the instance reaches a terminal status.</summary>
    Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>Deletes a finished instance's state and history.</summary>
    Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default);

    /// <summary>Queries instances by status and creation time.</summary>
    IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null, CancellationToken cancellation = default);
}

/// <summary>Options for starting an orchestration (mirrors StartOrchestrationOptions).</summary>
/// <param name="InstanceId">The instance id; a new GUID when null.</param>
/// <param name="StartAt">Delays the start until this time.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

/// <summary>Result of a purge.</summary>
/// <param name="PurgedInstanceCount">The number of instances deleted.</param>
public sealed record PurgeResult(int PurgedInstanceCount);

/// <summary>Filter for <see cref="IOrchestrationClient.GetAllInstancesAsync"/>.</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Gets the statuses to include; all when null or empty.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Gets the lower bound on creation time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Gets the upper bound on creation time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Gets the instance id prefix to match.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Gets a value indicating whether inputs and outputs are fetched.</summary>
    public bool FetchInputsAndOutputs { get; init; }
}

/// <summary>Runtime status of an instance (names as in Durable).</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Running.</summary>
    Running = 0,

    /// <summary>Completed.</summary>
    Completed = 1,

    /// <summary>Failed.</summary>
    Failed = 3,

    /// <summary>Terminated.</summary>
    Terminated = 5,

    /// <summary>Pending (scheduled, not yet started).</summary>
    Pending = 6,

    /// <summary>Suspended.</summary>
    Suspended = 7,
}

/// <summary>Thrown when starting an instance id that is still Pending or Running.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    public OrchestrationAlreadyExistsException(string instanceId)
        : base($"An orchestration with instance id '{instanceId}' is already running.") => InstanceId = instanceId;

    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    public OrchestrationAlreadyExistsException()
        : this(string.Empty)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OrchestrationAlreadyExistsException"/> class.</summary>
    public OrchestrationAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException) => InstanceId = string.Empty;

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }
}
