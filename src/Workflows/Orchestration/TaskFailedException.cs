namespace Seamless.Workflows.Orchestration;

/// <summary>Thrown into an orchestrator when an activity or sub-orchestration fails (mirrors Microsoft.DurableTask.TaskFailedException).</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    public TaskFailedException()
        : this("unknown", -1, new TaskFailureDetails("System.Exception", "unknown"))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    public TaskFailedException(string message)
        : this("unknown", -1, new TaskFailureDetails("System.Exception", message))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskFailedException"/> class.</summary>
    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = "unknown";
        FailureDetails = TaskFailureDetails.FromException(innerException);
    }

    /// <summary>Gets the name of the failed task.</summary>
    public string TaskName { get; }

    /// <summary>Gets the sequence id of the failed task.</summary>
    public int TaskId { get; }

    /// <summary>Gets the failure details.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
