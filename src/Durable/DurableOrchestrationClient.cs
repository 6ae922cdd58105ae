using System.Globalization;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <summary>
/// The Durable Task SDK's <see cref="DurableTaskClient"/> over the engine's database, so the API and
/// the hosts use one client type on every engine. Follows the isolated (durabletask-dotnet) client:
/// raising an event to a missing or finished instance and terminating a finished one are silently
/// ignored; purging a non-finished instance purges nothing (count 0). Starting an id that is still
/// Pending or Running throws <see cref="OrchestrationAlreadyExistsException"/>; a finished one is replaced.
/// Suspend, resume and bulk purge are not offered by the embedded engine.
/// </summary>
internal sealed class DurableOrchestrationClient(
    SqliteDurableStore store,
    TimeProvider time,
    DurableEngineOptions options,
    ChangeNotifier changes,
    Action wakeDispatcher) : DurableTaskClient("embedded")
{
    /// <summary>Maximum instance id length (Durable Functions enforces 256).</summary>
    public const int MaxInstanceIdLength = 256;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input,
        StartOrchestrationOptions? options,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name);
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        string? json = WorkflowJson.Serialize(input);
        DateTime now = time.GetUtcNow().UtcDateTime;
        DateTime visibleAt = options?.StartAt is { } startAt && startAt.UtcDateTime > now ? startAt.UtcDateTime : now;
        bool created = store.RunInTransaction((c, t) => SqliteDurableStore.TryCreateInstance(c, t, instanceId, orchestratorName.Name, json, now, visibleAt, null));
        if (!created)
        {
            throw new OrchestrationAlreadyExistsException(instanceId);
        }

        changes.Notify();
        wakeDispatcher();
        return Task.FromResult(instanceId);
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        string? json = WorkflowJson.Serialize(eventPayload);
        DateTime now = time.GetUtcNow().UtcDateTime;
        QueueToLiveInstance(instanceId, new HistoryEvent(HistoryEventType.EventRaised, -1, now) { Name = eventName, Input = json });
        return Task.CompletedTask;
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var row = store.GetInstance(instanceId);
        return Task.FromResult(row is null ? null : ToMetadata(row, getInputsAndOutputs));
    }

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        string? json = WorkflowJson.Serialize(options?.Output);
        DateTime now = time.GetUtcNow().UtcDateTime;
        QueueToLiveInstance(instanceId, new HistoryEvent(HistoryEventType.ExecutionTerminated, -1, now) { Input = json });
        return Task.CompletedTask;
    }

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitForAsync(instanceId, getInputsAndOutputs, status => SqliteDurableStore.IsTerminal(status), cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitForAsync(instanceId, getInputsAndOutputs, status => status != OrchestrationRuntimeStatus.Pending, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException("The embedded engine does not suspend instances.");

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException("The embedded engine does not suspend instances.");

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException("The embedded engine purges instances one at a time (PurgeInstanceAsync).");

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        int count = store.RunInTransaction((c, t) =>
        {
            var row = SqliteDurableStore.ReadInstance(c, t, instanceId);
            if (row is null || !SqliteDurableStore.IsTerminal(row.Status))
            {
                return 0;
            }

            SqliteDurableStore.DeleteInstanceData(c, t, instanceId);
            return 1;
        });
        return Task.FromResult(new PurgeResult(count));
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create<OrchestrationMetadata>((continuation, pageSize, cancellation) =>
        {
            cancellation.ThrowIfCancellationRequested();
            continuation ??= filter?.ContinuationToken;
            int skip = continuation is null ? 0 : int.Parse(continuation, CultureInfo.InvariantCulture);
            int size = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize;
            var rows = store.QueryInstances(filter);
            var page = rows.Skip(skip).Take(size).Select(r => ToMetadata(r, filter?.FetchInputsAndOutputs ?? false)).ToList();
            string? next = skip + page.Count < rows.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new Page<OrchestrationMetadata>(page, next));
        });

    /// <summary>
    /// Queues <paramref name="message"/> (visible at its own timestamp) to the instance in one transaction
    /// with the status check, so a message never lands on an instance that finished in between; a missing or
    /// finished instance is silently ignored, as the isolated client does. Wakes the dispatcher only when queued.
    /// </summary>
    private void QueueToLiveInstance(string instanceId, HistoryEvent message)
    {
        bool queued = store.RunInTransaction((c, t) =>
        {
            var row = SqliteDurableStore.ReadInstance(c, t, instanceId);
            if (row is null || SqliteDurableStore.IsTerminal(row.Status))
            {
                return false;
            }

            SqliteDurableStore.InsertMessage(c, t, new OutboundMessage(instanceId, null, message.Timestamp, message));
            return true;
        });
        if (queued)
        {
            wakeDispatcher();
        }
    }

    private async Task<OrchestrationMetadata> WaitForAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> reached, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            Task changed = changes.Current;
            var row = store.GetInstance(instanceId)
                ?? throw new InvalidOperationException($"Orchestration instance '{instanceId}' does not exist.");
            if (reached(row.Status))
            {
                return ToMetadata(row, getInputsAndOutputs);
            }

            await Task.WhenAny(changed, Task.Delay(options.PollingInterval, cancellation));
        }
    }

    internal static void ValidateInstanceId(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId)
            || instanceId.Length > MaxInstanceIdLength
            || instanceId[0] == '@'
            || instanceId.Any(ch => ch is '/' or '\\' or '#' or '?' || char.IsControl(ch)))
        {
            throw new ArgumentException(
                $"Invalid instance id '{instanceId}': 1–{MaxInstanceIdLength} characters, not starting with '@', without '/', '\\', '#', '?' or control characters.",
                nameof(instanceId));
        }
    }

    private static OrchestrationMetadata ToMetadata(InstanceRow row, bool withData) => new(row.Name, row.InstanceId)
    {
        DataConverter = WorkflowJson.DataConverter,
        RuntimeStatus = row.Status,
        CreatedAt = new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
        LastUpdatedAt = new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero),
        SerializedInput = withData ? row.Input : null,
        SerializedOutput = withData ? row.Output : null,
        SerializedCustomStatus = withData ? row.CustomStatus : null,
        FailureDetails = row.Failure,
    };
}
