// Declarations only (functions-api.md §3.3, §3.4; Microsoft.DurableTask.Abstractions/Client): never executed.
#pragma warning disable
using Microsoft.Extensions.Logging;

namespace Microsoft.DurableTask
{
    public readonly struct TaskName(string name)
    {
        public string Name { get; } = name;
        public static implicit operator TaskName(string value) => new(value);
        public static implicit operator string(TaskName value) => value.Name;
    }

    public abstract class TaskOrchestrationContext
    {
        public abstract TaskName Name { get; }
        public abstract string InstanceId { get; }
        public abstract DateTime CurrentUtcDateTime { get; }
        public abstract bool IsReplaying { get; }
        public abstract T? GetInput<T>();
        public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);
        public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null) => CallActivityAsync<object>(name, input, options);
        public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);
        public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) => CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);
        public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);
        public virtual Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout) => throw new NotSupportedException();
        public abstract void SendEvent(string instanceId, string eventName, object payload);
        public abstract void SetCustomStatus(object? customStatus);
        public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);
        public virtual Task CallSubOrchestratorAsync(TaskName orchestratorName, object? input = null, TaskOptions? options = null) => CallSubOrchestratorAsync<object>(orchestratorName, input, options);
        public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);
        public abstract Guid NewGuid();
        public virtual ILogger CreateReplaySafeLogger(string categoryName) => throw new NotSupportedException();
        public virtual ILogger CreateReplaySafeLogger(Type type) => throw new NotSupportedException();
        public virtual ILogger CreateReplaySafeLogger<T>() => throw new NotSupportedException();
    }

    public record TaskOptions
    {
        public TaskOptions(TaskRetryOptions? retry = null, IDictionary<string, string>? tags = null) => Retry = retry;
        public TaskRetryOptions? Retry { get; init; }
        public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(new TaskRetryOptions(policy));
    }

    public record SubOrchestrationOptions : TaskOptions
    {
        public SubOrchestrationOptions(TaskRetryOptions? retry = null, string? instanceId = null) : base(retry) => InstanceId = instanceId;
        public string? InstanceId { get; init; }
    }

    public sealed class TaskRetryOptions(RetryPolicy policy)
    {
        public RetryPolicy? Policy { get; } = policy;
        public static TaskRetryOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
        public static implicit operator TaskRetryOptions(RetryPolicy policy) => FromRetryPolicy(policy);
    }

    public class RetryPolicy
    {
        public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
        {
        }

        public Func<TaskFailureDetails, bool>? HandleFailure { get; init; }
    }

    public record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure)
    {
        public bool IsCausedBy<T>() where T : Exception => false;
    }

    public class TaskFailedException(string message, TaskName taskName, int taskId, TaskFailureDetails failureDetails) : Exception(message)
    {
        public TaskName TaskName { get; } = taskName;
        public int TaskId { get; } = taskId;
        public TaskFailureDetails FailureDetails { get; } = failureDetails;
    }

    public record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

    public abstract class AsyncPageable<T> : IAsyncEnumerable<T>
        where T : notnull
    {
        public abstract IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default);
    }
}

namespace Microsoft.DurableTask.Client
{
    public enum OrchestrationRuntimeStatus
    {
        Running,
        Completed,
        ContinuedAsNew,
        Failed,
        Canceled,
        Terminated,
        Pending,
        Suspended,
    }

    public sealed class OrchestrationMetadata(string name, string instanceId)
    {
        public string Name { get; } = name;
        public string InstanceId { get; } = instanceId;
        public OrchestrationRuntimeStatus RuntimeStatus { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset LastUpdatedAt { get; init; }
        public string? SerializedInput { get; init; }
        public string? SerializedOutput { get; init; }
        public string? SerializedCustomStatus { get; init; }
        public TaskFailureDetails? FailureDetails { get; init; }
        public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;
        public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
    }

    public record OrchestrationQuery(
        DateTimeOffset? CreatedFrom = null,
        DateTimeOffset? CreatedTo = null,
        IEnumerable<OrchestrationRuntimeStatus>? Statuses = null,
        IEnumerable<string>? TaskHubNames = null,
        string? InstanceIdPrefix = null,
        int PageSize = 100,
        bool FetchInputsAndOutputs = false,
        string? ContinuationToken = null);

    public class PurgeResult(int count)
    {
        public int PurgedInstanceCount { get; } = count;
    }

    public class PurgeInstanceOptions
    {
        public bool Recursive { get; init; }
    }

    public class TerminateInstanceOptions
    {
        public object? Output { get; init; }
        public bool Recursive { get; init; }
    }

    public abstract class DurableTaskClient(string name)
    {
        public string Name { get; } = name;
        public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);
        public abstract Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);
        public abstract Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);
        public virtual Task TerminateInstanceAsync(string instanceId, object? output, CancellationToken cancellation = default) => TerminateInstanceAsync(instanceId, output is null ? null : new TerminateInstanceOptions { Output = output }, cancellation);
        public abstract Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default);
        public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);
        public virtual Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();
        public abstract AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null);
    }
}
