using Microsoft.Extensions.Logging;

namespace Seamless.Azure;

/// <summary>
/// Source-generated logs of the Azure adapters (EventIds 4000-4099). Paths only, never query strings,
/// tokens or setting values.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Azure {Method} {Path} failed: {Status} {ErrorCode}: {ErrorMessage}")]
    public static partial void RequestFailed(ILogger logger, string method, string path, int status, string errorCode, string errorMessage);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Operation} on {Path} accepted; polling the long-running operation")]
    public static partial void OperationAccepted(ILogger logger, string operation, string path);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{Operation} on {Path} completed after {Polls} polls")]
    public static partial void OperationCompleted(ILogger logger, string operation, string path, int polls);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "{Operation} on {Path} failed: {ErrorCode}: {ErrorMessage}")]
    public static partial void OperationFailed(ILogger logger, string operation, string path, string errorCode, string errorMessage);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Swapping {Site} slot {Source} into {Target}")]
    public static partial void Swapping(ILogger logger, string site, string source, string target);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Applying slot config of {Target} to {Site} slot {Source}")]
    public static partial void ApplyingSlotConfig(ILogger logger, string site, string source, string target);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Resetting slot config of {Site} slot {Slot}")]
    public static partial void ResettingSlotConfig(ILogger logger, string site, string slot);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Setting routing of {Site}: {RuleCount} rules, {TotalPercentage}% away from production")]
    public static partial void SettingRouting(ILogger logger, string site, int ruleCount, double totalPercentage);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Plan {Plan} already has capacity {Capacity}; nothing to write")]
    public static partial void CapacityUnchanged(ILogger logger, string plan, int capacity);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Changing plan {Plan} capacity from {From} to {To}")]
    public static partial void CapacityChanging(ILogger logger, string plan, int from, int to);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "Plan {Plan} has capacity {Current}, not the {Expected} the change to {Capacity} was decided on; nothing written")]
    public static partial void CapacitySuperseded(ILogger logger, string plan, int expected, int current, int capacity);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Plan {Plan} has an operation in progress; waiting for it to end before setting capacity {Capacity}")]
    public static partial void PlanBusy(ILogger logger, string plan, int capacity);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Debug, Message = "Metrics batch of {ResourceCount} {Namespace} resources in {Region}")]
    public static partial void MetricsBatch(ILogger logger, int resourceCount, string @namespace, string region);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "Metric {Metric} of {ResourceId} returned {ErrorCode}: {ErrorMessage}")]
    public static partial void MetricError(ILogger logger, string metric, string resourceId, string errorCode, string? errorMessage);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning, Message = "Metrics batch of {ResourceCount} {Namespace} resources in {Region} failed ({Error}); each is read on its own")]
    public static partial void MetricsBatchFailed(ILogger logger, int resourceCount, string @namespace, string region, string error);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Information, Message = "Metrics batch answered for {Answered} fewer of its {ResourceCount} resources than asked; those are read on their own")]
    public static partial void MetricsBatchIncomplete(ILogger logger, int answered, int resourceCount);

    [LoggerMessage(EventId = 4035, Level = LogLevel.Debug, Message = "Listed the {What} of resource group {ResourceGroup} for the reads of its plans")]
    public static partial void GroupListed(ILogger logger, string what, string resourceGroup);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Warning, Message = "Listing the {What} of resource group {ResourceGroup} failed ({Error}); each plan is read on its own, and the group is not listed again for 10 minutes")]
    public static partial void GroupListingFailed(ILogger logger, string what, string resourceGroup, string error);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Debug, Message = "Probe of {HostName}{Path} on instance {InstanceId} failed: {Error}")]
    public static partial void ProbeFailed(ILogger logger, string hostName, string path, string? instanceId, string error);

    [LoggerMessage(EventId = 4050, Level = LogLevel.Debug, Message = "State store write of {Key} lost a concurrency race ({Status})")]
    public static partial void StateConflict(ILogger logger, string key, int status);

    [LoggerMessage(EventId = 4051, Level = LogLevel.Information, Message = "Created state store container {Container}")]
    public static partial void ContainerCreated(ILogger logger, string container);
}
