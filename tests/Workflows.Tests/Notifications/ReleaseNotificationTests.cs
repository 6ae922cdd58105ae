using System.Text.Json;
using Seamless.Core.Notifications;
using Seamless.Workflows.Tests.Infrastructure;
using Seamless.Workflows.Upgrade;

namespace Seamless.Workflows.Tests.Notifications;

/// <summary>
/// A release on the embedded engine against the simulator with a webhook configured: the receiver hears it start and end,
/// and a receiver that is down neither blocks nor fails the release — it hears about it once it is back.
/// </summary>
public sealed class ReleaseNotificationTests
{
    [Fact]
    public async Task Release_WebhookConfigured_ReceiverGetsStartedThenFinishedPromoted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = await SeamlessHarness.StartAsync(Webhook(receiver));

        var (_, id, _) = await h.StartUpgradeAsync("v2", "notify-v2", strategy: "swap");
        var view = await h.WaitForOutcomeAsync(id!);
        await SeamlessHarness.WaitForAsync(() => Task.FromResult(receiver.Deliveries.Count >= 2), "two notifications");

        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Promoted), SeamlessHarness.Describe(view));
        var events = receiver.Deliveries.Select(d => JsonDocument.Parse(d.Body).RootElement).ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe([NotificationEventTypes.UpgradeStarted, NotificationEventTypes.UpgradeFinished]);
        var finished = events[1];
        finished.GetProperty("specversion").GetString().ShouldBe("1.0");
        finished.GetProperty("source").GetString().ShouldBe(SeamlessHarness.SiteId);
        finished.GetProperty("subject").GetString().ShouldBe(SeamlessHarness.SiteName);
        finished.GetProperty("data").GetProperty("upgradeId").GetString().ShouldBe(id);
        finished.GetProperty("data").GetProperty("outcome").GetString().ShouldBe("Promoted");
        finished.GetProperty("data").GetProperty("sourceBuild").GetString().ShouldBe("v2");
        finished.GetProperty("data").GetProperty("reason").GetString().ShouldBe(view.Reason);
    }

    [Fact]
    public async Task Release_ReceiverDown_PromotedAnywayAndNotifiedOnceTheReceiverIsBack()
    {
        await using var receiver = WebhookReceiver.Down();
        await using var h = await SeamlessHarness.StartAsync(Webhook(receiver));

        var (_, id, _) = await h.StartUpgradeAsync("v2", "notify-down-v2", strategy: "swap");
        var view = await h.WaitForOutcomeAsync(id!);
        int heardWhileDown = receiver.Deliveries.Count;
        await receiver.StartAgainAsync();
        await SeamlessHarness.WaitForAsync(() => Task.FromResult(receiver.Deliveries.Count >= 2), "both notifications after the receiver came back");

        view.Outcome.ShouldBe(nameof(UpgradeOutcome.Promoted), SeamlessHarness.Describe(view));
        h.Version("production").ShouldBe("v2");
        heardWhileDown.ShouldBe(0);
        var events = receiver.Deliveries.Select(d => JsonDocument.Parse(d.Body).RootElement).ToList();
        events.Select(e => e.GetProperty("type").GetString()).Order().ShouldBe([NotificationEventTypes.UpgradeFinished, NotificationEventTypes.UpgradeStarted]);
        events.Single(e => e.GetProperty("type").GetString() == NotificationEventTypes.UpgradeFinished)
            .GetProperty("data").GetProperty("outcome").GetString().ShouldBe("Promoted");
    }

    // Simulated time runs 180× faster: a 5 s first back-off doubling over 12 attempts spans about three simulated hours,
    // so the events outlive a receiver that is down for the whole release.
    private static Dictionary<string, string?> Webhook(WebhookReceiver receiver) => new()
    {
        ["Seamless:Notifications:Webhooks:0:Url"] = receiver.Url,
        ["Seamless:Notifications:FirstRetryDelay"] = "00:00:05",
        ["Seamless:Notifications:MaxAttempts"] = "12",
    };
}
