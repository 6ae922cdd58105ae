using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Seamless.Workflows.Orchestration;

namespace Seamless.Workflows.Tests.Infrastructure;

/// <summary>
/// A <see cref="TaskOrchestrationContext"/> driven by a script, the durabletask-dotnet way of unit
/// testing orchestrators: activities answer at once from a handler, timers move the orchestration
/// clock to their fire time (optionally early, as Azure Storage timers may be), external events
/// complete when the test raises them. Everything runs synchronously, in milliseconds.
/// </summary>
internal sealed class ScriptedOrchestrationContext(string instanceId, DateTime start, Func<string, object?, object?> activities)
    : TaskOrchestrationContext
{
    private readonly Dictionary<string, TaskCompletionSource<string?>> _events = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<DateTime> _firedEarly = [];
    private DateTime _now = DateTime.SpecifyKind(start, DateTimeKind.Utc);

    /// <summary>Gets every activity call, in order.</summary>
    public List<(string Name, object? Input)> Calls { get; } = [];

    /// <summary>Gets every custom status set, serialized with the workflow JSON convention.</summary>
    public List<string> Statuses { get; } = [];

    /// <summary>Gets every timer's requested fire time, in order.</summary>
    public List<DateTime> Timers { get; } = [];

    /// <summary>Gets or sets how early a timer fires the first time it is armed for a given time (zero: on time).</summary>
    public TimeSpan EarlyFire { get; set; }

    public override TaskName Name => new("scripted");

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Raises an external event (buffered until waited for).</summary>
    public void Raise(string name, object payload) => Event(name).TrySetResult(WorkflowJson.Serialize(payload));

    public override T GetInput<T>() => throw new NotSupportedException("Orchestrators receive their input as an argument.");

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        Calls.Add((name.Name, input));
        try
        {
            return Task.FromResult((TResult)activities(name.Name, input)!);
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        Timers.Add(fireAt);
        var firesAt = EarlyFire > TimeSpan.Zero && _firedEarly.Add(fireAt) ? fireAt - EarlyFire : fireAt;
        if (firesAt > _now)
        {
            _now = firesAt;
        }

        return Task.CompletedTask;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        var source = Event(eventName);
        using var registration = cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
        return WorkflowJson.Deserialize<T>(await source.Task)!;
    }

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus) => Statuses.Add(WorkflowJson.Serialize(customStatus) ?? "null");

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override Guid NewGuid() => Guid.Empty;

    private TaskCompletionSource<string?> Event(string name)
    {
        if (!_events.TryGetValue(name, out var source))
        {
            source = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _events[name] = source;
        }

        return source;
    }
}
