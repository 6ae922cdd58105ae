namespace Seamless.Workflows.Orchestration;

/// <summary>Options for scheduling an activity or a sub-orchestration (mirrors Microsoft.DurableTask.TaskOptions).</summary>
public record TaskOptions
{
    /// <summary>Initializes a new instance of the <see cref="TaskOptions"/> class.</summary>
    public TaskOptions(TaskRetryOptions? retry = null) => Retry = retry;

    /// <summary>Gets the retry options, if any.</summary>
    public TaskRetryOptions? Retry { get; init; }

    /// <summary>Creates options that retry with <paramref name="policy"/>.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(new TaskRetryOptions(policy));

    /// <summary>Returns sub-orchestration options with an explicit instance id.</summary>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(Retry, instanceId);
}

/// <summary>Options for a sub-orchestration (mirrors Microsoft.DurableTask.SubOrchestrationOptions).</summary>
public sealed record SubOrchestrationOptions : TaskOptions
{
    /// <summary>Initializes a new instance of the <see cref="SubOrchestrationOptions"/> class.</summary>
    public SubOrchestrationOptions(TaskRetryOptions? retry = null, string? instanceId = null)
        : base(retry) => InstanceId = instanceId;

    /// <summary>Gets the instance id of the sub-orchestration; generated deterministically when null.</summary>
    public string? InstanceId { get; init; }
}

/// <summary>Retry options wrapper (mirrors Microsoft.DurableTask.TaskRetryOptions).</summary>
public sealed record TaskRetryOptions(RetryPolicy Policy);
