namespace Seamless.Durable;

/// <summary>Thrown by the embedded engine's client when starting an instance id that is still Pending or Running.</summary>
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
