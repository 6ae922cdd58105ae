using Microsoft.Extensions.Logging;

namespace Seamless.Durable;

/// <summary>Engine log messages (EventId range 3000–3099).</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Durable engine started on {DatabasePath} with {WorkerCount} activity workers")]
    public static partial void EngineStarted(ILogger logger, string databasePath, int workerCount);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Durable engine stopped")]
    public static partial void EngineStopped(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Orchestration dispatcher loop failed; retrying")]
    public static partial void OrchestrationDispatcherFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Episode of instance {InstanceId} threw inside the engine; the instance fails")]
    public static partial void EpisodeCrashed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Instance {InstanceId} ({Name}) finished with status {Status}")]
    public static partial void InstanceFinished(ILogger logger, string instanceId, string name, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Instance {InstanceId} failed: {Message}")]
    public static partial void InstanceFailed(ILogger logger, string instanceId, string message);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Activity {ActivityName} (#{TaskId}) of instance {InstanceId} failed: {Message}")]
    public static partial void ActivityFailed(ILogger logger, string activityName, int taskId, string instanceId, string message);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Activity dispatcher loop failed; retrying")]
    public static partial void ActivityDispatcherFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Recording the result of activity {ActivityName} (#{TaskId}) of instance {InstanceId} failed; it will run again")]
    public static partial void ActivityCommitFailed(ILogger logger, string activityName, int taskId, string instanceId, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "Committed {Count} episodes")]
    public static partial void EpisodesCommitted(ILogger logger, int count);
}
