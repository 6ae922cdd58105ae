namespace Seamless.Durable;

/// <summary>Kinds of history events; names and order as in DurableTask.Core's <c>EventType</c>.</summary>
public enum HistoryEventType
{
    /// <summary>The execution started (input, parent).</summary>
    ExecutionStarted,

    /// <summary>The execution completed, failed or was terminated (see <see cref="HistoryEvent.Status"/>).</summary>
    ExecutionCompleted,

    /// <summary>Unused; failures are ExecutionCompleted with status Failed, as in DurableTask.Core.</summary>
    ExecutionFailed,

    /// <summary>A client asked to terminate the instance.</summary>
    ExecutionTerminated,

    /// <summary>An activity was scheduled.</summary>
    TaskScheduled,

    /// <summary>An activity completed.</summary>
    TaskCompleted,

    /// <summary>An activity failed.</summary>
    TaskFailed,

    /// <summary>A sub-orchestration was started.</summary>
    SubOrchestrationInstanceCreated,

    /// <summary>A sub-orchestration completed.</summary>
    SubOrchestrationInstanceCompleted,

    /// <summary>A sub-orchestration failed or was terminated.</summary>
    SubOrchestrationInstanceFailed,

    /// <summary>A durable timer was created.</summary>
    TimerCreated,

    /// <summary>A durable timer fired.</summary>
    TimerFired,

    /// <summary>An episode started; its timestamp is the episode's orchestration time.</summary>
    OrchestratorStarted,

    /// <summary>An episode ended.</summary>
    OrchestratorCompleted,

    /// <summary>The orchestrator sent an event to an instance.</summary>
    EventSent,

    /// <summary>An external event arrived.</summary>
    EventRaised,

    /// <summary>The execution continued as new.</summary>
    ContinueAsNew,
}
