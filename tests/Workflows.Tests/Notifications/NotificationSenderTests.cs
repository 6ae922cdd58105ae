using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Seamless.Core.Notifications;
using Seamless.Simulator.Fleet;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Notifications;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;
using Seamless.Workflows.Tests.Infrastructure;

namespace Seamless.Workflows.Tests.Notifications;

/// <summary>The outbox and its sender on the real SQLite store, delivering to a loopback webhook, with a clock the test moves.</summary>
public sealed class NotificationSenderTests : IAsyncLifetime
{
    private const string Secret = "notify-secret-0123456789";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly ScratchStateStore _scratch = new("notify-tests");

    private IStateStore Store => _scratch.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scratch.DisposeAsync();

    [Fact]
    public async Task DeliverDueAsync_ReceiverAnswers2xx_DeliversOnceAndEmptiesTheOutbox()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = Options(receiver.Url);
        var started = Event(NotificationEventTypes.UpgradeStarted);
        await NotificationOutbox.EnqueueAsync(Store, options.Value.Notifications, started, default);

        var first = await Sender(options).DeliverDueAsync(default);
        int reEnqueued = await NotificationOutbox.EnqueueAsync(Store, options.Value.Notifications, started, default);
        var second = await Sender(options).DeliverDueAsync(default);

        first.ShouldBe(new NotificationDeliveryResult(Delivered: 1, Retrying: 0, GaveUp: 0, NotDue: 0));
        reEnqueued.ShouldBe(0, "an event delivered before is not enqueued again (an activity re-run)");
        second.ShouldBe(new NotificationDeliveryResult(0, 0, 0, 0));
        var delivery = receiver.Deliveries.ShouldHaveSingleItem();
        delivery.ContentType.ShouldBe("application/cloudevents+json; charset=utf-8");
        JsonDocument.Parse(delivery.Body).RootElement.GetProperty("id").GetString().ShouldBe(started.Id);
        (await Store.ListAsync(StateKeys.OutboxRoot, 10, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task EnqueueAsync_SameEventTwice_OneOutboxItemPerWebhookThatWantsIt()
    {
        var options = new NotificationOptions
        {
            Webhooks =
            [
                new WebhookOptions { Url = "https://a.example.com/hook" },
                new WebhookOptions { Url = "https://b.example.com/hook", Events = [NotificationEventTypes.ScaleOut] },
                new WebhookOptions { Url = "https://c.example.com/hook", Format = "Text", Events = [NotificationEventTypes.UpgradeFinished] },
            ],
        };
        var finished = Event(NotificationEventTypes.UpgradeFinished);

        int first = await NotificationOutbox.EnqueueAsync(Store, options, finished, default);
        int again = await NotificationOutbox.EnqueueAsync(Store, options, finished, default);

        first.ShouldBe(2);
        again.ShouldBe(0);
        (await Store.ListAsync(StateKeys.OutboxRoot, 10, default)).Select(i => i.Key).ShouldBe([$"outbox/{finished.Id}-0", $"outbox/{finished.Id}-2"]);
    }

    [Fact]
    public async Task DeliverDueAsync_ReceiverAnswers503_RetriedWithBackOffThenDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 503;
        var options = Options(receiver.Url);
        await NotificationOutbox.EnqueueAsync(Store, options.Value.Notifications, Event(NotificationEventTypes.UpgradeFinished), default);
        var sender = Sender(options);

        var failed = await sender.DeliverDueAsync(default);
        var early = await sender.DeliverDueAsync(default);
        _clock.Advance(TimeSpan.FromSeconds(30));
        receiver.Status = 204;
        var delivered = await sender.DeliverDueAsync(default);

        failed.Retrying.ShouldBe(1);
        early.ShouldBe(new NotificationDeliveryResult(0, 0, 0, NotDue: 1), "the next attempt waits for its back-off");
        delivered.Delivered.ShouldBe(1);
        receiver.Deliveries.Count.ShouldBe(2);
        (await Store.ListAsync(StateKeys.OutboxRoot, 10, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeliverDueAsync_ReceiverDown_RetriedUntilTheLastAttemptThenKeptAsADeadLetter()
    {
        var receiver = WebhookReceiver.Down();
        var options = Options(receiver.Url, maxAttempts: 3);
        var notification = Event(NotificationEventTypes.UpgradeFinished);
        await NotificationOutbox.EnqueueAsync(Store, options.Value.Notifications, notification, default);
        var sender = Sender(options);

        var results = new List<NotificationDeliveryResult>();
        for (int i = 0; i < 3; i++)
        {
            results.Add(await sender.DeliverDueAsync(default));
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        results.Select(r => (r.Retrying, r.GaveUp)).ShouldBe([(1, 0), (1, 0), (0, 1)]);
        (await Store.ListAsync(StateKeys.OutboxRoot, 10, default)).ShouldBeEmpty();
        var dead = (await Store.ListAsync(StateKeys.OutboxDeadRoot, 10, default)).ShouldHaveSingleItem();
        var item = WorkflowJson.Deserialize<OutboxItem>(dead.Value)!;
        item.Event.Id.ShouldBe(notification.Id);
        item.Attempts.ShouldBe(3);
        item.LastError.ShouldNotBeNull().ShouldContain("gave up after 3 attempts");
    }

    [Fact]
    public async Task DeliverDueAsync_ReceiverTooSlow_TimesOutAndRetries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromSeconds(10);
        var options = Options(receiver.Url, requestTimeout: TimeSpan.FromMilliseconds(300));
        await NotificationOutbox.EnqueueAsync(Store, options.Value.Notifications, Event(NotificationEventTypes.ScaleOut), default);

        var result = await Sender(options).DeliverDueAsync(default);

        result.Retrying.ShouldBe(1);
        var item = WorkflowJson.Deserialize<OutboxItem>((await Store.ListAsync(StateKeys.OutboxRoot, 10, default)).ShouldHaveSingleItem().Value)!;
        item.Attempts.ShouldBe(1);
        item.NextAttemptAt.ShouldBe(Now + TimeSpan.FromSeconds(30));
        item.LastError.ShouldNotBeNull().ShouldContain("no answer within");
    }

    [Fact]
    public async Task DeliverDueAsync_SecretSet_SignatureVerifiesAgainstTheBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = Options(receiver.Url, secret: Secret, format: NotificationFormat.Text);
        await NotificationOutbox.EnqueueAsync(Store, options.Value.Notifications, Event(NotificationEventTypes.UpgradeStarted), default);

        await Sender(options).DeliverDueAsync(default);

        var delivery = receiver.Deliveries.ShouldHaveSingleItem();
        JsonDocument.Parse(delivery.Body).RootElement.GetProperty("text").GetString().ShouldStartWith("Seamless: release of v2 to app-demo");
        var parts = delivery.Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        parts["t"].ShouldBe(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        string expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(parts["t"] + "." + delivery.Body)));
        parts["v1"].ShouldBe(expected);
    }

    [Fact]
    public async Task DeliverDueAsync_ReceiverRefusesWith404_GivenUpAtOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 404;
        var options = Options(receiver.Url);
        await NotificationOutbox.EnqueueAsync(Store, options.Value.Notifications, Event(NotificationEventTypes.UpgradeStarted), default);

        var result = await Sender(options).DeliverDueAsync(default);

        result.GaveUp.ShouldBe(1);
        (await Store.ListAsync(StateKeys.OutboxDeadRoot, 10, default)).ShouldHaveSingleItem();
    }

    private static NotificationEvent Event(string type) => type switch
    {
        NotificationEventTypes.UpgradeStarted => NotificationEvents.UpgradeStarted("upgrade:app-demo:1", DefaultFleet.SiteId, "v2", "swap", Now),
        NotificationEventTypes.UpgradeFinished => NotificationEvents.UpgradeFinished("upgrade:app-demo:1", DefaultFleet.SiteId, "v2", "Promoted", "ok", "v2", "v1", Now),
        _ => NotificationEvents.ScaleOut("scale-out:plan-demo:1", DefaultFleet.PlanId, 2, 3, "CPU alert", Now),
    };

    private static IOptions<SeamlessOptions> Options(
        string url, int maxAttempts = NotificationOptions.DefaultMaxAttempts, TimeSpan? requestTimeout = null, string? secret = null, NotificationFormat format = NotificationFormat.CloudEvents) =>
        Microsoft.Extensions.Options.Options.Create(new SeamlessOptions
        {
            Notifications = new NotificationOptions
            {
                Webhooks = [new WebhookOptions { Url = url, Secret = secret, Format = format.ToString() }],
                MaxAttempts = maxAttempts,
                RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
            },
        });

    private NotificationSender Sender(IOptions<SeamlessOptions> options) =>
        new(Store, new LoopbackClients(), options, _clock, NullLogger<NotificationSender>.Instance);

    private sealed class LoopbackClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new SocketsHttpHandler { AllowAutoRedirect = false });
    }
}
