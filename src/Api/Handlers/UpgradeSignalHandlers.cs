using Microsoft.Extensions.Logging;
using Seamless.Api.Requests;
using Seamless.Workflows;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api.Handlers;

/// <summary>
/// Operator signals into a running upgrade: approve and abort. Which keys may send each is decided before these run
/// (<see cref="ApiAccess.Approver"/>, <see cref="ApiAccess.Operator"/>); the timeline records <c>by</c> and the key's fingerprint.
/// </summary>
public sealed partial class UpgradeSignalHandlers(
    IOptions<SeamlessOptions> options,
    ILogger<UpgradeSignalHandlers> logger)
{
    private const int MaxSignerLength = 100;

    private const int MaxAbortReasonLength = 500;

    /// <summary>POST /api/upgrades/{id}/approve?by=: 409 unless the upgrade waits for approval (phase Approval).</summary>
    public Task<Results<JsonHttpResult<SignalAccepted>, ProblemHttpResult>> ApproveAsync(UpgradeSignalRequest request, DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var approval = new ApproveRequest(SignalText(request.By, MaxSignerLength), request.KeyFingerprint);
        return SignalAsync(request, client, id, WorkflowNames.ApproveEvent, approval, cancellationToken);
    }

    /// <summary>
    /// POST /api/upgrades/{id}/abort?reason=&amp;by=: 409 once the upgrade has finished or is already restoring the site
    /// (phase Done or RollingBack).
    /// </summary>
    public Task<Results<JsonHttpResult<SignalAccepted>, ProblemHttpResult>> AbortAsync(UpgradeSignalRequest request, DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string reason = SignalText(request.Reason, MaxAbortReasonLength) ?? "operator request";
        var abort = new AbortRequest(reason, "api", SignalText(request.By, MaxSignerLength), request.KeyFingerprint);
        return SignalAsync(request, client, id, WorkflowNames.AbortEvent, abort, cancellationToken);
    }

    private async Task<Results<JsonHttpResult<SignalAccepted>, ProblemHttpResult>> SignalAsync(
        UpgradeSignalRequest request, DurableTaskClient client, string id, string eventName, object payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);

        // With inputs and outputs: the custom status (the upgrade's phase) decides whether the signal is accepted now.
        var (metadata, problem) = await UpgradeLookup.FindAsync(client, id, cancellationToken);
        if (metadata is null)
        {
            return problem!;
        }

        string statusUri = ApiLinks.Upgrade(options.Value.Api.PublicBaseUrl, id);
        string? phase = SingletonStart.IsActive(metadata.RuntimeStatus) ? metadata.ReadCustomStatusAs<UpgradeStatus>()?.Phase : null;
        if (UpgradeSignals.Refusal(eventName, metadata.RuntimeStatus, phase) is { } refusal)
        {
            return ApiProblems.Conflict($"Upgrade '{id}': {refusal}", statusUri);
        }

        await client.RaiseEventAsync(id, eventName, payload, cancellationToken);
        string key = request.KeyFingerprint ?? "none";
        LogSignal(logger, eventName, id, key);
        return TypedResults.Json(new SignalAccepted(id, eventName, statusUri), statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Free text from a signal's query, for the timeline: control characters dropped, capped; null when empty.</summary>
    private static string? SignalText(string? value, int max)
    {
        if (value is null)
        {
            return null;
        }

        string clean = new([.. value.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).Take(max)]);
        return string.IsNullOrWhiteSpace(clean) ? null : clean.Trim();
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "{Event} accepted for upgrade {InstanceId} (key {KeyFingerprint})")]
    private static partial void LogSignal(ILogger logger, string @event, string instanceId, string keyFingerprint);
}
