using System.Runtime.CompilerServices;
using Seamless.Workflows.Orchestration;
using Dt = Microsoft.DurableTask.Client;

namespace Seamless.Functions;

/// <summary>
/// <see cref="IOrchestrationClient"/> over the <c>[DurableClient]</c> binding: each trigger sets the
/// bound client for its own async flow with <see cref="Use"/>, and the shared services (API
/// handlers, sweeper, alert router) call it through this singleton.
/// </summary>
internal sealed class DurableClientAdapter : IOrchestrationClient
{
    private static readonly AsyncLocal<Dt.DurableTaskClient?> CurrentClient = new();

    private static Dt.DurableTaskClient Client =>
        CurrentClient.Value ?? throw new InvalidOperationException("No Durable client is bound to this invocation; call DurableClientAdapter.Use first.");

    /// <summary>Binds the invocation's Durable client to the current async flow.</summary>
    public static void Use(Dt.DurableTaskClient client) => CurrentClient.Value = client;

    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.InstanceId is { } id && await Client.GetInstanceAsync(id, false, cancellation) is { } existing
            && existing.RuntimeStatus is Dt.OrchestrationRuntimeStatus.Running or Dt.OrchestrationRuntimeStatus.Pending or Dt.OrchestrationRuntimeStatus.Suspended)
        {
            throw new OrchestrationAlreadyExistsException(id);
        }

        try
        {
            return await Client.ScheduleNewOrchestrationInstanceAsync(
                orchestratorName,
                input,
                new Microsoft.DurableTask.StartOrchestrationOptions(InstanceId: options?.InstanceId, StartAt: options?.StartAt),
                cancellation);
        }
        catch (Exception ex) when (options?.InstanceId is not null && ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            // The backend refused a duplicate start that raced the check above.
            throw new OrchestrationAlreadyExistsException(options.InstanceId, ex);
        }
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        Client.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Map(await Client.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation));

    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        Client.TerminateInstanceAsync(instanceId, output, cancellation);

    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Map(await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation))!;

    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) =>
        new((await Client.PurgeInstanceAsync(instanceId, null, cancellation)).PurgedInstanceCount);

    public async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var query = new Dt.OrchestrationQuery
        {
            CreatedFrom = filter?.CreatedFrom,
            CreatedTo = filter?.CreatedTo,
            Statuses = filter?.Statuses?.Select(s => Enum.Parse<Dt.OrchestrationRuntimeStatus>(s.ToString())).ToList(),
            InstanceIdPrefix = filter?.InstanceIdPrefix,
            FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
        };
        await foreach (var item in Client.GetAllInstancesAsync(query).WithCancellation(cancellation))
        {
            yield return Map(item)!;
        }
    }

    private static OrchestrationMetadata? Map(Dt.OrchestrationMetadata? m) => m is null ? null : new OrchestrationMetadata(m.Name, m.InstanceId)
    {
        RuntimeStatus = Enum.TryParse<OrchestrationRuntimeStatus>(m.RuntimeStatus.ToString(), out var status) ? status : OrchestrationRuntimeStatus.Running,
        CreatedAt = m.CreatedAt,
        LastUpdatedAt = m.LastUpdatedAt,
        SerializedInput = m.SerializedInput,
        SerializedOutput = m.SerializedOutput,
        SerializedCustomStatus = m.SerializedCustomStatus,
        FailureDetails = m.FailureDetails is null ? null : new TaskFailureDetails(m.FailureDetails.ErrorType, m.FailureDetails.ErrorMessage, m.FailureDetails.StackTrace),
    };
}
