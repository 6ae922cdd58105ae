using Microsoft.DurableTask.Client;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Core.Alerts;
using Seamless.Core.Payloads;
using Seamless.Core.Resources;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Alerts;

/// <summary>The outcome of handling one alert delivery.</summary>
/// <param name="Action">The decision.</param>
/// <param name="Duplicate">True when this alertId + monitorCondition was already handled.</param>
/// <param name="InstanceId">The orchestration started or signalled, if any.</param>
public sealed record AlertOutcome(AlertAction Action, bool Duplicate, string? InstanceId);

/// <summary>
/// The alert fast path: dedupe by alertId + monitorCondition, then scale out and veto, lift the
/// veto, or abort a release in flight. Only quick store writes and orchestration starts/events,
/// so action groups get an answer well within their 10 s timeout.
/// </summary>
public sealed partial class AlertRouter(
    IStateStore store,
    DecisionJournal journal,
    UpgradeStarter upgrades,
    IOptions<SeamlessOptions> options,
    ScaleInSchedule schedule,
    TimeProvider clock,
    ILogger<AlertRouter> logger)
{
    /// <summary>Handles a parsed alert.</summary>
    public async Task<AlertOutcome> HandleAsync(DurableTaskClient client, AlertNotification alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(alert);
        var settings = options.Value;
        var action = AlertDecision.Decide(alert, settings.IsManagedPlan, settings.IsManagedSite);
        var now = clock.GetUtcNow();

        // Alert fields are the sender's text: escaped (CR, LF, ESC, …) and capped before any log line or record.
        string rule = UntrustedText.Escape(alert.AlertRule);
        string condition = UntrustedText.Escape(alert.MonitorCondition);
        string signal = UntrustedText.Escape(alert.SignalType);
        string service = UntrustedText.Escape(alert.MonitoringService);
        bool ignored = action.Kind == AlertActionKind.Record;

        // The marker is the delivery's record: a delivery Seamless does not act on (another signal type, a budget
        // or service-health test action, an unmanaged target) is kept as ignored, with the reason.
        string marker = WorkflowJson.Serialize(new { receivedAt = now, action = action.Kind, reason = action.Reason, ignored, signalType = signal, monitoringService = service })!;
        if (await store.TryWriteAsync(StateKeys.Alert(alert.AlertId, alert.MonitorCondition), marker, null, cancellationToken) is null)
        {
            LogDuplicate(logger, rule, condition);
            return new AlertOutcome(action, true, null);
        }

        if (ignored)
        {
            LogIgnored(logger, rule, signal, service, condition, action.Reason);
        }
        else
        {
            LogAlert(logger, rule, condition, action.Kind, action.Reason);
        }

        string? instance = null;
        string alertRef = "alert:" + InstanceIds.Hash(alert.AlertId, 12);
        switch (action.Kind)
        {
            case AlertActionKind.ScaleOutAndVeto:
            {
                var plan = AzureResourceId.Parse(action.ResourceId!);
                var policy = settings.ScaleIn.PolicyFor(plan);
                var veto = new ScaleInVeto(plan.ToString(), now + policy.AlertVeto, $"alert '{alert.AlertRule}' fired", alert.AlertId);
                await store.DeleteAsync(StateKeys.Veto(plan), cancellationToken);
                await store.TryWriteAsync(StateKeys.Veto(plan), WorkflowJson.Serialize(veto)!, null, cancellationToken);
                if (await ClaimScaleOutAsync(plan, now, policy.ScaleOutSettle, cancellationToken) is { } settlingSince)
                {
                    await journal.AppendAsync(new JournalEntry(plan.ToString(), now, "scale-out-skipped", $"no new scale-out: the one started at {settlingSince:u} is still settling (policy scaleOutSettle {policy.ScaleOutSettle}); the veto is renewed: {action.Message}", alertRef, alert), cancellationToken);
                }
                else
                {
                    instance = InstanceIds.ScaleOut(plan, alert.AlertId);
                    // False when the same firing is already being handled.
                    await SingletonStart.TryStartAsync(
                        client, WorkflowNames.ScaleOutOrchestrator, new ScaleOutInput(plan.ToString(), action.Message, alert.AlertId, policy, schedule.IntervalAfter(now)), instance, cancellationToken);
                }

                await journal.AppendAsync(new JournalEntry(plan.ToString(), now, "veto", $"scale-in vetoed until {veto.Until:u}: {action.Message}", instance ?? alertRef, alert), cancellationToken);
                break;
            }

            case AlertActionKind.LiftVeto:
            {
                var plan = AzureResourceId.Parse(action.ResourceId!);
                await store.DeleteAsync(StateKeys.Veto(plan), cancellationToken);
                await journal.AppendAsync(new JournalEntry(plan.ToString(), now, "veto-lifted", action.Message, alertRef, alert), cancellationToken);
                break;
            }

            case AlertActionKind.AbortRelease:
            {
                var site = AzureResourceId.Parse(action.ResourceId!);
                instance = await upgrades.RunningUpgradeAsync(client, site, cancellationToken);
                if (instance is not null)
                {
                    await client.RaiseEventAsync(instance, WorkflowNames.AbortEvent, new AbortRequest(action.Message, $"alert:{alert.AlertRule}"), cancellationToken);
                }

                break;
            }

            default:
                break;
        }

        return new AlertOutcome(action, false, instance);
    }

    /// <summary>
    /// Claims the plan's scale-out slot: null when this alert may start a scale-out (the claim is
    /// written), or the start of the scale-out that is still settling. A compare-and-swap on the
    /// stored time, so two alerts racing for the same plan start one scale-out.
    /// </summary>
    private async Task<DateTimeOffset?> ClaimScaleOutAsync(AzureResourceId plan, DateTimeOffset now, TimeSpan settle, CancellationToken cancellationToken)
    {
        var key = StateKeys.LastScaleOut(plan);
        var current = await store.GetAsync(key, cancellationToken);
        if (current is not null
            && DateTimeOffset.TryParse(current.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var last)
            && now - last < settle)
        {
            return last;
        }

        var claimed = await store.TryWriteAsync(key, now.ToString("O", CultureInfo.InvariantCulture), current?.ETag, cancellationToken);
        if (claimed is not null)
        {
            return null;
        }

        // Another alert claimed the slot between the read and the write.
        var winner = await store.GetAsync(key, cancellationToken);
        return winner is not null && DateTimeOffset.TryParse(winner.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : now;
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Alert {Rule} {Condition}: {Action} ({Reason})")]
    private static partial void LogAlert(ILogger logger, string rule, string condition, AlertActionKind action, string reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Alert {Rule} {Condition} already handled; ignoring the repeat")]
    private static partial void LogDuplicate(ILogger logger, string rule, string condition);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Alert {Rule} ({SignalType}, {MonitoringService}) {Condition} recorded and ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string rule, string signalType, string monitoringService, string condition, string reason);
}
