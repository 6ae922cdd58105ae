using Microsoft.Extensions.Logging;
using Seamless.Workflows.Orchestration;
using Dt = Microsoft.DurableTask;

namespace Seamless.Functions;

/// <summary>
/// Adapts Durable's <see cref="Dt.TaskOrchestrationContext"/> to Seamless's
/// <see cref="IOrchestrationContext"/> (same members, same semantics), translating retry options and
/// task failures both ways so orchestrators catch the same exception types on both hosts.
/// </summary>
internal sealed class OrchestrationContextAdapter(Dt.TaskOrchestrationContext inner) : IOrchestrationContext
{
    public string InstanceId => inner.InstanceId;

    public DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public bool IsReplaying => inner.IsReplaying;

    public T? GetInput<T>() => inner.GetInput<T>();

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        try
        {
            return await inner.CallActivityAsync<TResult>(name, input, Convert(options));
        }
        catch (Dt.TaskFailedException ex)
        {
            throw Convert(ex);
        }
    }

    public async Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
    {
        try
        {
            await inner.CallActivityAsync(name, input, Convert(options));
        }
        catch (Dt.TaskFailedException ex)
        {
            throw Convert(ex);
        }
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) => inner.CreateTimer(delay, cancellationToken);

    public Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    // The 2-argument overload exists in every Microsoft.DurableTask.Abstractions version (reference §3.4).
    public Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout) => inner.WaitForExternalEvent<T>(eventName, timeout);

    public void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

    public void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        try
        {
            return await inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, Convert(options));
        }
        catch (Dt.TaskFailedException ex)
        {
            throw Convert(ex);
        }
    }

    public async Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        try
        {
            await inner.CallSubOrchestratorAsync(orchestratorName, input, Convert(options));
        }
        catch (Dt.TaskFailedException ex)
        {
            throw Convert(ex);
        }
    }

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public Guid NewGuid() => inner.NewGuid();

    public ILogger CreateReplaySafeLogger(string categoryName) => inner.CreateReplaySafeLogger(categoryName);

    private static Dt.TaskOptions? Convert(TaskOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        Dt.TaskRetryOptions? retry = null;
        if (options.Retry?.Policy is { } p)
        {
            var policy = new Dt.RetryPolicy(
                p.MaxNumberOfAttempts,
                p.FirstRetryInterval,
                p.BackoffCoefficient,
                p.MaxRetryInterval,
                p.RetryTimeout == Timeout.InfiniteTimeSpan ? null : p.RetryTimeout)
            {
                HandleFailure = p.HandleFailure is null ? null : f => p.HandleFailure(Convert(f)),
            };
            retry = Dt.TaskRetryOptions.FromRetryPolicy(policy);
        }

        return options is SubOrchestrationOptions sub
            ? new Dt.SubOrchestrationOptions(retry, sub.InstanceId)
            : new Dt.TaskOptions(retry);
    }

    private static TaskFailureDetails Convert(Dt.TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is null ? null : Convert(details.InnerFailure));

    private static TaskFailedException Convert(Dt.TaskFailedException ex) =>
        new(ex.TaskName, ex.TaskId, Convert(ex.FailureDetails));
}
