using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seamless.Workflows.Orchestration;

namespace Seamless.Durable;

/// <summary>
/// Runs queued activities on <see cref="DurableEngineOptions.ActivityWorkerCount"/> workers. A work
/// item stays in the table until its result is committed (delete + response message in one
/// transaction), so a crash at any point re-runs it: at-least-once.
/// </summary>
internal sealed class ActivityDispatcher(
    SqliteDurableStore store,
    WorkflowRegistry registry,
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
    private readonly Channel<ActivityWorkItem> _channel = Channel.CreateBounded<ActivityWorkItem>(
        new BoundedChannelOptions(Math.Max(2, options.ActivityWorkerCount * 2)) { SingleWriter = true });

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
                try
                {
                    HistoryEvent? response = await ExecuteAsync(item, cancellationToken);
                    if (response is not null)
                    {
                        if (store.CompleteActivity(item, response, time.GetUtcNow().UtcDateTime))
                        {
                            completed();
                        }
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
        var descriptor = registry.FindActivity(item.Name);
        if (descriptor is null)
        {
            return Failed(item, now, new TaskFailureDetails("ActivityTaskNotFound", $"No activity task named '{item.Name}' was found."));
        }

        try
        {
            object? input = item.Input is null
                ? (descriptor.InputType.IsValueType ? Activator.CreateInstance(descriptor.InputType) : null)
                : JsonSerializer.Deserialize(item.Input, descriptor.InputType, WorkflowJson.Options);
            object? result;
            if (services.GetService<IServiceScopeFactory>() is { } scopes)
            {
                await using var scope = scopes.CreateAsyncScope();
                result = await descriptor.Invoke(scope.ServiceProvider, input, cancellationToken);
            }
            else
            {
                result = await descriptor.Invoke(services, input, cancellationToken);
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
            return Failed(item, time.GetUtcNow().UtcDateTime, TaskFailureDetails.FromException(ex));
        }
    }

    private static HistoryEvent Failed(ActivityWorkItem item, DateTime now, TaskFailureDetails details) =>
        new(HistoryEventType.TaskFailed, -1, now) { TaskScheduledId = item.TaskId, FailureDetails = details };
}
