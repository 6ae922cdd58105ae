using System.Runtime.CompilerServices;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <summary>
/// <see cref="IOrchestrationClient"/> over the engine's database. Follows the isolated
/// (durabletask-dotnet) client: raising an event to a missing or finished instance and terminating a
/// finished one are silently ignored; purging a non-finished instance purges nothing (count 0).
/// </summary>
internal sealed class DurableOrchestrationClient(
    SqliteDurableStore store,
    TimeProvider time,
    DurableEngineOptions options,
    ChangeNotifier changes,
    Action wakeDispatcher) : IOrchestrationClient
{
    /// <summary>Maximum instance id length (Durable Functions enforces 256).</summary>
    public const int MaxInstanceIdLength = 256;

    public Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        string? json = WorkflowJson.Serialize(input);
        DateTime now = time.GetUtcNow().UtcDateTime;
        DateTime visibleAt = options?.StartAt is { } startAt && startAt.UtcDateTime > now ? startAt.UtcDateTime : now;
        bool created = store.RunInTransaction((c, t) => SqliteDurableStore.TryCreateInstance(c, t, instanceId, orchestratorName, json, now, visibleAt, null));
        if (!created)
        {
            throw new OrchestrationAlreadyExistsException(instanceId);
        }

        changes.Notify();
        wakeDispatcher();
        return Task.FromResult(instanceId);
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        string? json = WorkflowJson.Serialize(eventPayload);
        DateTime now = time.GetUtcNow().UtcDateTime;
        bool queued = store.RunInTransaction((c, t) =>
        {
            var row = SqliteDurableStore.ReadInstance(c, t, instanceId);
            if (row is null || SqliteDurableStore.IsTerminal(row.Status))
            {
                return false;
            }

            SqliteDurableStore.InsertMessage(c, t, new OutboundMessage(
                instanceId, null, now, new HistoryEvent(HistoryEventType.EventRaised, -1, now) { Name = eventName, Input = json }));
            return true;
        });
        if (queued)
        {
            wakeDispatcher();
        }

        return Task.CompletedTask;
    }

    public Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var row = store.GetInstance(instanceId);
        return Task.FromResult(row is null ? null : ToMetadata(row, getInputsAndOutputs));
    }

    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        string? json = WorkflowJson.Serialize(output);
        DateTime now = time.GetUtcNow().UtcDateTime;
        bool queued = store.RunInTransaction((c, t) =>
        {
            var row = SqliteDurableStore.ReadInstance(c, t, instanceId);
            if (row is null || SqliteDurableStore.IsTerminal(row.Status))
            {
                return false;
            }

            SqliteDurableStore.InsertMessage(c, t, new OutboundMessage(
                instanceId, null, now, new HistoryEvent(HistoryEventType.ExecutionTerminated, -1, now) { Input = json }));
            return true;
        });
        if (queued)
        {
            wakeDispatcher();
        }

        return Task.CompletedTask;
    }

    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            Task changed = changes.Current;
            var row = store.GetInstance(instanceId)
                ?? throw new InvalidOperationException($"Orchestration instance '{instanceId}' does not exist.");
            if (SqliteDurableStore.IsTerminal(row.Status))
            {
                return ToMetadata(row, getInputsAndOutputs);
            }

            await Task.WhenAny(changed, Task.Delay(options.PollingInterval, cancellation));
        }
    }

    public Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
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

    public async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(
        OrchestrationQuery? filter = null,
        [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await Task.Yield();
        foreach (var row in store.QueryInstances(filter))
        {
            cancellation.ThrowIfCancellationRequested();
            yield return ToMetadata(row, filter?.FetchInputsAndOutputs ?? false);
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
        RuntimeStatus = row.Status,
        CreatedAt = new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
        LastUpdatedAt = new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero),
        SerializedInput = withData ? row.Input : null,
        SerializedOutput = withData ? row.Output : null,
        SerializedCustomStatus = withData ? row.CustomStatus : null,
        FailureDetails = row.Failure,
    };
}
