using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seamless.Core.Time;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <summary>
/// Runs queued activities on <see cref="DurableEngineOptions.ActivityWorkerCount"/> workers. A work
/// item stays in the table until its result is committed (delete + response message in one
/// transaction), so a crash at any point re-runs it: at-least-once.
/// </summary>
internal sealed class ActivityDispatcher(
    SqliteDurableStore store,
    TaskCatalog catalog,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    DurableEngineOptions options,
    Signal wake,
    Action completed)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Seamless.Durable.ActivityDispatcher");
    private readonly HashSet<long> _inFlight = [];
    private readonly Lock _gate = new();
    private int _executing;
    private readonly Channel<ActivityWorkItem> _channel = Channel.CreateBounded<ActivityWorkItem>(
        new BoundedChannelOptions(Math.Max(2, options.ActivityWorkerCount * 2)) { SingleWriter = true });

    /// <summary>Gets how many activities are executing now (taken by a worker, result not yet committed).</summary>
    public int Executing => Volatile.Read(ref _executing);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var workers = Enumerable.Range(0, options.ActivityWorkerCount)
            .Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None))
            .ToList();
        try
        {
            await FeedAsync(cancellationToken);
        }
        finally
        {
            _channel.Writer.TryComplete();
            await Task.WhenAll(workers);
        }
    }

    private async Task FeedAsync(CancellationToken cancellationToken)
    {
        int capacity = Math.Max(2, options.ActivityWorkerCount * 2);
        while (!cancellationToken.IsCancellationRequested)
        {
            int queued = 0;
            try
            {
                int inFlight;
                lock (_gate)
                {
                    inFlight = _inFlight.Count;
                }

                if (inFlight < options.ActivityWorkerCount + capacity)
                {
                    foreach (var item in store.ReadActivities(inFlight + capacity, 0))
                    {
                        lock (_gate)
                        {
                            if (!_inFlight.Add(item.Id))
                            {
                                continue;
                            }
                        }

                        if (!_channel.Writer.TryWrite(item))
                        {
                            lock (_gate)
                            {
                                _inFlight.Remove(item.Id);
                            }

                            break;
                        }

                        queued++;
                    }
                }
            }
#pragma warning disable CA1031 // Keep feeding after storage hiccups.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Logs.ActivityDispatcherFailed(_logger, ex);
            }

            if (queued == 0)
            {
                await wake.WaitAsync(options.PollingInterval, cancellationToken);
            }
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _channel.Reader.ReadAllAsync(cancellationToken))
            {
                // On a simulated clock an executing activity is work (time stands still while it computes), except
                // while it waits on that clock. Opened before the activity counts as executing: from then on the engine
                // no longer reports it as ready (NextWorkAt), so a moment between the two with neither would read as
                // quiet to a virtual clock and let it jump past the activity (seen under load: a warm-up's probe round).
                using var work = SimulatedClock.WorkOn(time);
                Interlocked.Increment(ref _executing);
                try
                {
                    HistoryEvent? response;
                    try
                    {
                        response = await ExecuteAsync(item, cancellationToken);
                    }
                    finally
                    {
                        // No longer executing before its row leaves the queue: NextWorkAt compares the queued rows with
                        // the executing count, and an activity still counted after its commit would hide the next one
                        // queued (by the orchestration its result wakes) while its worker opens it (seen under load).
                        // Counted out first, the row reads as ready for a moment, and its work is still open.
                        Interlocked.Decrement(ref _executing);
                    }

                    if (response is not null && store.CompleteActivity(item, response, time.GetUtcNow().UtcDateTime))
                    {
                        completed();
                    }
                }
#pragma warning disable CA1031 // The work item stays queued and runs again.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    Logs.ActivityCommitFailed(_logger, item.Name, item.TaskId, item.InstanceId, ex);
                }
                finally
                {
                    lock (_gate)
                    {
                        _inFlight.Remove(item.Id);
                    }

                    wake.Set();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task<HistoryEvent?> ExecuteAsync(ActivityWorkItem item, CancellationToken cancellationToken)
    {
        DateTime now = time.GetUtcNow().UtcDateTime;
        var factory = catalog.FindActivity(item.Name);
        if (factory is null)
        {
            return Failed(item, now, OrchestrationRun.Failure("ActivityTaskNotFound", $"No activity task named '{item.Name}' was found."));
        }

        try
        {
            var context = new EngineActivityContext(new TaskName(item.Name), item.InstanceId, cancellationToken);
            object? result;
            if (services.GetService<IServiceScopeFactory>() is { } scopes)
            {
                await using var scope = scopes.CreateAsyncScope();
                result = await RunAsync(factory(scope.ServiceProvider), context, item.Input);
            }
            else
            {
                result = await RunAsync(factory(services), context, item.Input);
            }

            return new HistoryEvent(HistoryEventType.TaskCompleted, -1, time.GetUtcNow().UtcDateTime)
            {
                TaskScheduledId = item.TaskId,
                Result = WorkflowJson.Serialize(result),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Engine stopping: leave the work item queued so it runs again after restart.
            return null;
        }
#pragma warning disable CA1031 // Activity failures are data for the orchestrator.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Logs.ActivityFailed(_logger, item.Name, item.TaskId, item.InstanceId, ex.Message);
            return Failed(item, time.GetUtcNow().UtcDateTime, OrchestrationRun.FailureOf(ex));
        }
    }

    private static Task<object?> RunAsync(ITaskActivity activity, TaskActivityContext context, string? json)
    {
        // As the Durable worker: the input arrives deserialized to the activity's input type.
        object? input = json is null
            ? (activity.InputType.IsValueType ? Activator.CreateInstance(activity.InputType) : null)
            : JsonSerializer.Deserialize(json, activity.InputType, WorkflowJson.Options);
        return activity.RunAsync(context, input);
    }

    private static HistoryEvent Failed(ActivityWorkItem item, DateTime now, TaskFailureDetails details) =>
        new(HistoryEventType.TaskFailed, -1, now) { TaskScheduledId = item.TaskId, FailureDetails = details };
}

/// <summary>The activity context of the embedded engine: the SDK's, plus the engine's stop token.</summary>
internal sealed class EngineActivityContext(TaskName name, string instanceId, CancellationToken cancellationToken)
    : TaskActivityContext, IActivityCancellation
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;

    public CancellationToken CancellationToken => cancellationToken;
}
