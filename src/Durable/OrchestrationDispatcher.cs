using Microsoft.Extensions.Logging;

namespace Seamless.Durable;

/// <summary>
/// Runs episodes: takes the visible messages of up to <see cref="DurableEngineOptions.MaxEpisodesPerBatch"/>
/// instances, replays each instance's history with its new messages, and commits all of the batch's
/// history, status, outgoing work items and consumed messages in one transaction. A single loop, so an
/// instance never has two episodes at once.
/// </summary>
internal sealed class OrchestrationDispatcher(
    SqliteDurableStore store,
    TaskCatalog catalog,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    DurableEngineOptions options,
    Signal wake,
    Action<bool> committed)
{
    private const int MaxCachedInstances = 10_000;

    private readonly ILogger _logger = loggerFactory.CreateLogger("Seamless.Durable.OrchestrationDispatcher");
    private readonly Dictionary<string, CachedHistory> _cache = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            int processed = 0;
            try
            {
                processed = RunBatch();
            }
#pragma warning disable CA1031 // The loop must survive storage hiccups; nothing was committed.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _cache.Clear();
                Logs.OrchestrationDispatcherFailed(_logger, ex);
            }

            if (processed == 0)
            {
                await wake.WaitAsync(options.PollingInterval, cancellationToken);
            }
        }
    }

    /// <summary>Processes one batch; returns the number of work items committed.</summary>
    public int RunBatch()
    {
        DateTime now = time.GetUtcNow().UtcDateTime;
        var messages = store.ReadVisibleMessages(now, options.MaxEpisodesPerBatch * 50);
        if (messages.Count == 0)
        {
            return 0;
        }

        var byInstance = new Dictionary<string, List<QueuedMessage>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var message in messages)
        {
            if (!byInstance.TryGetValue(message.InstanceId, out var list))
            {
                if (order.Count >= options.MaxEpisodesPerBatch)
                {
                    continue;
                }

                list = [];
                byInstance[message.InstanceId] = list;
                order.Add(message.InstanceId);
            }

            list.Add(message);
        }

        var commits = new List<(EpisodeCommit Commit, List<HistoryEvent>? FullHistory)>();
        foreach (string instanceId in order)
        {
            var result = Process(instanceId, byInstance[instanceId], now);
            if (result is not null)
            {
                commits.Add(result.Value);
            }
        }

        if (commits.Count == 0)
        {
            return 0;
        }

        try
        {
            store.CommitEpisodes(commits.Select(c => c.Commit).ToList(), now);
        }
        catch
        {
            foreach (var (commit, _) in commits)
            {
                _cache.Remove(commit.InstanceId);
            }

            throw;
        }

        if (_cache.Count > MaxCachedInstances)
        {
            _cache.Clear();
        }

        bool anyActivities = false;
        foreach (var (commit, full) in commits)
        {
            anyActivities |= commit.Activities.Count > 0;
            if (full is null)
            {
                _cache.Remove(commit.InstanceId);
            }
            else
            {
                _cache[commit.InstanceId] = new CachedHistory(commit.ExecutionId, full);
            }
        }

        Logs.EpisodesCommitted(_logger, commits.Count);
        committed(anyActivities);
        return commits.Count;
    }

    private (EpisodeCommit Commit, List<HistoryEvent>? FullHistory)? Process(string instanceId, List<QueuedMessage> messages, DateTime now)
    {
        var commit = new EpisodeCommit { InstanceId = instanceId };
        commit.ConsumedMessageIds.AddRange(messages.Select(m => m.Id));
        var row = store.GetInstance(instanceId);
        if (row is null || SqliteDurableStore.IsTerminal(row.Status))
        {
            // Responses and events for missing or finished instances are dropped.
            commit.DropOnly = true;
            return (commit, null);
        }

        List<HistoryEvent> past = LoadHistory(row);
        var inbound = new List<HistoryEvent>();
        HistoryEvent? started = null;
        foreach (var message in messages)
        {
            if (message.ExecutionId is not null && !string.Equals(message.ExecutionId, row.ExecutionId, StringComparison.Ordinal))
            {
                continue;
            }

            if (message.Event.EventType == HistoryEventType.ExecutionStarted)
            {
                if (past.Count == 0 && started is null)
                {
                    started = message.Event;
                }

                continue;
            }

            inbound.Add(message.Event);
        }

        if (past.Count == 0 && started is null)
        {
            if (row.Status == OrchestrationRuntimeStatus.Pending)
            {
                // Not started yet (StartAt in the future): keep the messages for the first episode.
                return null;
            }

            commit.DropOnly = true;
            return (commit, null);
        }

        if (started is not null)
        {
            inbound.Insert(0, started);
        }

        if (inbound.Count == 0)
        {
            commit.DropOnly = true;
            return (commit, null);
        }

        var newEvents = new List<HistoryEvent>(inbound.Count + 1) { new(HistoryEventType.OrchestratorStarted, -1, now) };
        newEvents.AddRange(inbound);

        var run = new OrchestrationRun(instanceId, row.Name, catalog.FindOrchestrator(row.Name)?.Invoke(services), loggerFactory);
        EpisodeOutcome outcome;
        try
        {
            outcome = run.Execute(past, newEvents);
        }
#pragma warning disable CA1031 // An engine fault in one instance must not stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Logs.EpisodeCrashed(_logger, instanceId, ex);
            outcome = new EpisodeOutcome
            {
                Status = OrchestrationRuntimeStatus.Failed,
                Failure = OrchestrationRun.FailureOf(ex),
                Started = past.Concat(newEvents).FirstOrDefault(e => e.EventType == HistoryEventType.ExecutionStarted),
            };
        }

        return Build(commit, row, past, newEvents, outcome, now);
    }

    private (EpisodeCommit, List<HistoryEvent>?) Build(
        EpisodeCommit commit,
        InstanceRow row,
        List<HistoryEvent> past,
        List<HistoryEvent> newEvents,
        EpisodeOutcome outcome,
        DateTime now)
    {
        commit.ExecutionId = row.ExecutionId;
        commit.HistoryStart = past.Count;
        commit.AppendHistory.AddRange(newEvents);
        commit.CustomStatusSet = outcome.CustomStatusSet;
        commit.CustomStatus = outcome.CustomStatus;
        commit.Status = OrchestrationRuntimeStatus.Running;

        foreach (var action in outcome.Actions)
        {
            switch (action.Kind)
            {
                case ActionKind.Activity:
                    commit.AppendHistory.Add(new HistoryEvent(HistoryEventType.TaskScheduled, action.Id, now) { Name = action.Name, Input = action.Input });
                    commit.Activities.Add((action.Name!, action.Input, action.Id));
                    break;
                case ActionKind.Timer:
                    DateTime fireAt = action.FireAt!.Value;
                    commit.AppendHistory.Add(new HistoryEvent(HistoryEventType.TimerCreated, action.Id, now) { FireAt = fireAt });
                    commit.Messages.Add(new OutboundMessage(
                        row.InstanceId,
                        row.ExecutionId,
                        fireAt,
                        new HistoryEvent(HistoryEventType.TimerFired, -1, now) { TaskScheduledId = action.Id, FireAt = fireAt }));
                    break;
                case ActionKind.SubOrchestration:
                    commit.AppendHistory.Add(new HistoryEvent(HistoryEventType.SubOrchestrationInstanceCreated, action.Id, now)
                    {
                        Name = action.Name,
                        Input = action.Input,
                        InstanceId = action.TargetInstanceId,
                    });
                    commit.Children.Add(new ChildStart(action.TargetInstanceId!, action.Name!, action.Input, row.InstanceId, row.ExecutionId, action.Id));
                    break;
                case ActionKind.SendEvent:
                    commit.AppendHistory.Add(new HistoryEvent(HistoryEventType.EventSent, action.Id, now)
                    {
                        Name = action.Name,
                        Input = action.Input,
                        InstanceId = action.TargetInstanceId,
                    });
                    commit.Messages.Add(new OutboundMessage(
                        action.TargetInstanceId!,
                        null,
                        now,
                        new HistoryEvent(HistoryEventType.EventRaised, -1, now) { Name = action.Name, Input = action.Input }));
                    break;
                default:
                    break;
            }
        }

        if (outcome.ContinueAsNew)
        {
            // History is reset; the next generation starts from a fresh ExecutionStarted message, followed
            // by the carried-over events, and runs in the next batch.
            string executionId = Guid.NewGuid().ToString("N");
            commit.ResetHistory = true;
            commit.HistoryStart = 0;
            commit.AppendHistory.Clear();
            commit.ExecutionId = executionId;
            commit.InputChanged = true;
            commit.Input = outcome.NewInput;
            commit.Messages.Add(new OutboundMessage(row.InstanceId, executionId, now, new HistoryEvent(HistoryEventType.ExecutionStarted, -1, now)
            {
                Name = row.Name,
                Input = outcome.NewInput,
                ExecutionId = executionId,
                ParentInstanceId = outcome.Started?.ParentInstanceId,
                ParentExecutionId = outcome.Started?.ParentExecutionId,
                ParentTaskId = outcome.Started?.ParentTaskId ?? -1,
            }));
            foreach (var carried in outcome.CarryOverEvents)
            {
                commit.Messages.Add(new OutboundMessage(row.InstanceId, executionId, now, carried));
            }

            return (commit, null);
        }

        if (outcome.IsTerminal)
        {
            commit.Status = outcome.Status;
            commit.Output = outcome.Output;
            commit.Failure = outcome.Failure;
            commit.AppendHistory.Add(new HistoryEvent(HistoryEventType.ExecutionCompleted, outcome.CompletionId, now)
            {
                Status = outcome.Status,
                Result = outcome.Output,
                FailureDetails = outcome.Failure,
            });
            NotifyParent(commit, outcome, now);
            if (outcome.Failure is not null)
            {
                Logs.InstanceFailed(_logger, row.InstanceId, outcome.Failure.ErrorMessage);
            }

            Logs.InstanceFinished(_logger, row.InstanceId, row.Name, outcome.Status);
        }

        commit.AppendHistory.Add(new HistoryEvent(HistoryEventType.OrchestratorCompleted, -1, now));
        if (outcome.IsTerminal)
        {
            return (commit, null);
        }

        var full = new List<HistoryEvent>(past.Count + commit.AppendHistory.Count);
        full.AddRange(past);
        full.AddRange(commit.AppendHistory);
        return (commit, full);
    }

    private static void NotifyParent(EpisodeCommit commit, EpisodeOutcome outcome, DateTime now)
    {
        if (outcome.Started?.ParentInstanceId is not { } parentId)
        {
            return;
        }

        HistoryEvent response = outcome.Status == OrchestrationRuntimeStatus.Completed
            ? new HistoryEvent(HistoryEventType.SubOrchestrationInstanceCompleted, -1, now)
            {
                TaskScheduledId = outcome.Started.ParentTaskId,
                Result = outcome.Output,
            }
            : new HistoryEvent(HistoryEventType.SubOrchestrationInstanceFailed, -1, now)
            {
                TaskScheduledId = outcome.Started.ParentTaskId,
                Result = outcome.Output,
                FailureDetails = outcome.Failure ?? OrchestrationRun.Failure(
                    "OrchestrationTerminated",
                    $"The sub-orchestration '{commit.InstanceId}' was terminated: {outcome.Output}"),
            };
        commit.Messages.Add(new OutboundMessage(parentId, outcome.Started.ParentExecutionId, now, response));
    }

    private List<HistoryEvent> LoadHistory(InstanceRow row)
    {
        if (_cache.TryGetValue(row.InstanceId, out var cached) && string.Equals(cached.ExecutionId, row.ExecutionId, StringComparison.Ordinal))
        {
            return cached.Events;
        }

        return store.GetHistory(row.InstanceId);
    }

    private sealed record CachedHistory(string ExecutionId, List<HistoryEvent> Events);
}
