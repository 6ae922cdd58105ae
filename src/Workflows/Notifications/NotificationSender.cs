using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Core.Notifications;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;

namespace Seamless.Workflows.Notifications;

/// <summary>What one pass over the outbox did.</summary>
/// <param name="Delivered">Notifications delivered (and removed).</param>
/// <param name="Retrying">Notifications that failed this time and wait for their next attempt.</param>
/// <param name="GaveUp">Notifications given up (moved to the dead letters).</param>
/// <param name="NotDue">Notifications whose next attempt is later.</param>
public sealed record NotificationDeliveryResult(int Delivered, int Retrying, int GaveUp, int NotDue);

/// <summary>
/// Delivers the notification outbox to the webhooks: each due item once per pass, with a short per-request timeout;
/// success removes it (leaving a sent marker, so it is never sent again), a failure is retried with exponential
/// back-off (<see cref="NotificationRetry"/>), and after the last attempt it is logged and kept under
/// <see cref="StateKeys.OutboxDeadRoot"/>. The Host runs it every few seconds; Functions from a timer.
/// </summary>
public sealed partial class NotificationSender(
    IStateStore store, IHttpClientFactory httpClients, IOptions<SeamlessOptions> options, TimeProvider clock, ILogger<NotificationSender> logger)
{
    /// <summary>The name of the <see cref="HttpClient"/> the sender uses.</summary>
    public const string HttpClientName = "Seamless.Notifications";

    /// <summary>Most outbox items read in one pass (the rest wait for the next).</summary>
    public const int PageSize = 200;

    /// <summary>Delivers every item that is due now.</summary>
    public async Task<NotificationDeliveryResult> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Notifications;
        var items = await store.ListAsync(StateKeys.OutboxRoot, PageSize, cancellationToken);
        int delivered = 0, retrying = 0, gaveUp = 0, notDue = 0;
        foreach (var stored in items)
        {
            var item = Read(stored);
            if (item is null)
            {
                LogUnreadable(logger, stored.Key);
                await store.DeleteAsync(stored.Key, cancellationToken);
                continue;
            }

            if (item.NextAttemptAt > clock.GetUtcNow())
            {
                notDue++;
                continue;
            }

            switch (await DeliverAsync(stored, item, settings, cancellationToken))
            {
                case DeliveryAction.Done:
                    delivered++;
                    break;
                case DeliveryAction.Retry:
                    retrying++;
                    break;
                default:
                    gaveUp++;
                    break;
            }
        }

        return new NotificationDeliveryResult(delivered, retrying, gaveUp, notDue);
    }

    private async Task<DeliveryAction> DeliverAsync(StoredItem stored, OutboxItem item, NotificationOptions settings, CancellationToken ct)
    {
        string sentKey = StateKeys.Outbox(StateKeys.OutboxSentRoot, item.Event.Id, item.Webhook);
        if (await store.GetAsync(sentKey, ct) is not null)
        {
            // Delivered before, and the removal did not happen: never send it twice.
            await store.DeleteAsync(stored.Key, ct);
            return DeliveryAction.Done;
        }

        var webhook = item.Webhook < settings.Webhooks.Count && settings.Webhooks[item.Webhook].Url == item.Url ? settings.Webhooks[item.Webhook] : null;
        DeliveryVerdict verdict;
        if (webhook is null)
        {
            verdict = new DeliveryVerdict(DeliveryAction.GiveUp, null, "the webhook is no longer configured");
        }
        else
        {
            var (status, failure) = await SendAsync(item.Event, webhook, settings.RequestTimeout, ct);
            verdict = NotificationRetry.Evaluate(status, failure, item.Attempts + 1, clock.GetUtcNow(), settings.FirstRetryDelay, settings.MaxAttempts);
        }

        var now = clock.GetUtcNow();
        var updated = item with { Attempts = item.Attempts + 1, NextAttemptAt = verdict.NextAttemptAt ?? now, LastError = verdict.Action == DeliveryAction.Done ? null : verdict.Message };
        switch (verdict.Action)
        {
            case DeliveryAction.Done:
                await store.TryWriteAsync(sentKey, WorkflowJson.Serialize(new SentMarker(item.Event.Id, item.Event.Type, now))!, null, ct);
                await store.DeleteAsync(stored.Key, ct);
                LogDelivered(logger, item.Event.Type, item.Event.Id, item.Webhook, updated.Attempts);
                break;
            case DeliveryAction.Retry:
                await store.TryWriteAsync(stored.Key, WorkflowJson.Serialize(updated)!, stored.ETag, ct);
                LogRetrying(logger, item.Event.Type, item.Event.Id, item.Webhook, verdict.Message);
                break;
            default:
                await store.TryWriteAsync(StateKeys.Outbox(StateKeys.OutboxDeadRoot, item.Event.Id, item.Webhook), WorkflowJson.Serialize(updated)!, null, ct);
                await store.DeleteAsync(stored.Key, ct);
                LogGaveUp(logger, item.Event.Type, item.Event.Id, item.Webhook, verdict.Message);
                break;
        }

        return verdict.Action;
    }

    private async Task<(int? Status, string? Failure)> SendAsync(NotificationEvent notification, WebhookOptions webhook, TimeSpan timeout, CancellationToken ct)
    {
        string body = NotificationPayload.Body(notification, webhook.BodyFormat);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(NotificationPayload.ContentType(webhook.BodyFormat)) { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("Seamless-Notifications/1.0");
        if (!string.IsNullOrEmpty(webhook.Secret))
        {
            request.Headers.TryAddWithoutValidation(NotificationPayload.SignatureHeader, NotificationPayload.Signature(webhook.Secret, body, clock.GetUtcNow()));
        }

        // Real time, not the injected clock: this bounds a network call, and the clock may be simulated.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"no answer within {timeout}");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message.ReplaceLineEndings(" "));
        }
    }

    private static OutboxItem? Read(StoredItem stored)
    {
        try
        {
            return WorkflowJson.Deserialize<OutboxItem>(stored.Value);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Notification {Type} {EventId} delivered to webhook {Webhook} (attempt {Attempts})")]
    private static partial void LogDelivered(ILogger logger, string type, string eventId, int webhook, int attempts);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Notification {Type} {EventId} to webhook {Webhook} failed: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string type, string eventId, int webhook, string reason);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Error, Message = "Notification {Type} {EventId} to webhook {Webhook} given up and kept as a dead letter: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string type, string eventId, int webhook, string reason);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Outbox item {Key} could not be read and was removed")]
    private static partial void LogUnreadable(ILogger logger, string key);
}

/// <summary>The marker of a delivered notification.</summary>
/// <param name="EventId">The event id.</param>
/// <param name="Type">The event type.</param>
/// <param name="At">When it was delivered.</param>
public sealed record SentMarker(string EventId, string Type, DateTimeOffset At);
