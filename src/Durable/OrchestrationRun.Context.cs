using System.Globalization;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <content>The <see cref="TaskOrchestrationContext"/> surface orchestrator code calls: each call becomes a pending action, matched against history on replay.</content>
internal sealed partial class OrchestrationRun
{
    public override T GetInput<T>() => WorkflowJson.Deserialize<T>(_input)!;

    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name.Name);
        string? json = WorkflowJson.Serialize(input);
        var policy = RetryPolicyOf(options);
        string? result = policy is not null
            ? await WithRetryAsync(() => ScheduleAsync(ActionKind.Activity, name.Name, json, null, null), policy)
            : await ScheduleAsync(ActionKind.Activity, name.Name, json, null, null);
        return WorkflowJson.Deserialize<TResult>(result)!;
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        CreateTimerCoreAsync(fireAt.ToUniversalTime(), cancellationToken);

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var source = new TaskCompletionSource<string?>();
        int index = _buffered.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            // Buffered events are delivered FIFO.
            source.SetResult(_buffered[index].Input);
            _buffered.RemoveAt(index);
        }
        else
        {
            if (cancellationToken.CanBeCanceled)
            {
                // As in durabletask-dotnet, a cancelled waiter stays on the stack and swallows the next event.
                cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
            }

            if (!_waiters.TryGetValue(eventName, out var stack))
            {
                stack = new Stack<TaskCompletionSource<string?>>();
                _waiters[eventName] = stack;
            }

            stack.Push(source);
        }

        string? payload = await source.Task;
        return WorkflowJson.Deserialize<T>(payload)!;
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        int id = _sequence++;
        _pending.Add(id, new PendingAction(id, ActionKind.SendEvent, eventName, WorkflowJson.Serialize(payload), null, instanceId));
    }

    public override void SetCustomStatus(object? customStatus)
    {
        string? json = WorkflowJson.Serialize(customStatus);
        if (json is not null && json.Length > MaxCustomStatusLength)
        {
            throw new ArgumentException(
                $"The custom status is {json.Length} characters; the limit is {MaxCustomStatusLength}.", nameof(customStatus));
        }

        _customStatus = json;
        _customStatusSet = true;
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name);

        // The child id is fixed once, before the first attempt.
        string childId = (options as SubOrchestrationOptions)?.InstanceId ?? NewGuid().ToString("N");
        string? json = WorkflowJson.Serialize(input);
        var policy = RetryPolicyOf(options);
        string? result = policy is not null
            ? await WithRetryAsync(() => ScheduleAsync(ActionKind.SubOrchestration, orchestratorName.Name, json, null, childId), policy)
            : await ScheduleAsync(ActionKind.SubOrchestration, orchestratorName.Name, json, null, childId);
        return WorkflowJson.Deserialize<TResult>(result)!;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        _continueAsNew = true;
        _continueAsNewInput = WorkflowJson.Serialize(newInput);
        _preserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public override Guid NewGuid()
    {
        string name = string.Create(
            CultureInfo.InvariantCulture,
            $"{InstanceId}_{CurrentUtcDateTime.ToString("o", CultureInfo.InvariantCulture)}_{_guidCounter++}");
        return DeterministicGuid.Create(DeterministicGuid.IsolatedNamespace, name);
    }

    private Task<string?> ScheduleAsync(ActionKind kind, string? name, string? input, DateTime? fireAt, string? target, CancellationToken cancellationToken = default)
    {
        int id = _sequence++;
        var source = new TaskCompletionSource<string?>();
        _pending.Add(id, new PendingAction(id, kind, name, input, fireAt, target));
        _open[id] = new OpenTask(source, kind, name);
        if (cancellationToken.CanBeCanceled)
        {
            // Cancelling unblocks completion but unschedules nothing; the late TimerFired is ignored.
            cancellationToken.Register(() =>
            {
                if (_open.Remove(id))
                {
                    source.TrySetCanceled(cancellationToken);
                }
            });
        }

        return source.Task;
    }

    private async Task CreateTimerCoreAsync(DateTime fireAt, CancellationToken cancellationToken)
    {
        while (fireAt - CurrentUtcDateTime > MaximumTimerInterval && !cancellationToken.IsCancellationRequested)
        {
            await ScheduleAsync(ActionKind.Timer, null, null, CurrentUtcDateTime + MaximumTimerInterval, null, cancellationToken);
        }

        await ScheduleAsync(ActionKind.Timer, null, null, fireAt, null, cancellationToken);
    }
}
