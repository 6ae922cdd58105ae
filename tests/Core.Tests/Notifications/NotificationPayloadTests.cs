using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Seamless.Core.Notifications;

namespace Seamless.Core.Tests.Notifications;

/// <summary>The bodies a webhook receives: CloudEvents 1.0 structured JSON and the Slack/Teams text form, and their signature.</summary>
public sealed class NotificationPayloadTests
{
    private const string Site = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-demo";
    private const string Plan = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/serverfarms/plan-demo";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 30, 15, TimeSpan.Zero);

    public static TheoryData<string, NotificationEvent, string, string, string, string> Events => new()
    {
        {
            "upgrade started",
            NotificationEvents.UpgradeStarted("upgrade:app-demo:1", Site, "v2", "canary", At),
            "com.seamless.upgrade.started", "app-demo", "version=v2",
            "Seamless: release of v2 to app-demo started (canary)."
        },
        {
            "upgrade promoted",
            NotificationEvents.UpgradeFinished("upgrade:app-demo:1", Site, "v2", "Promoted", "v2 is serving production", "v2", "v1", At),
            "com.seamless.upgrade.finished", "app-demo", "outcome=Promoted",
            "Seamless: release of v2 to app-demo Promoted: v2 is serving production"
        },
        {
            "upgrade rejected without an identified build",
            NotificationEvents.UpgradeFinished("upgrade:app-demo:2", Site, "v9", "Rejected", "staging runs v2", null, null, At),
            "com.seamless.upgrade.finished", "app-demo", "sourceBuild=",
            "Seamless: release of v9 to app-demo Rejected: staging runs v2"
        },
        {
            "scaled in",
            NotificationEvents.ScaleInFinished("scale-in:plan-demo:abc", Plan, "scaled-in", 3, 2, "no harm seen", At),
            "com.seamless.scalein.finished", "plan-demo", "toCapacity=2",
            "Seamless: plan-demo scaled in 3 → 2: no harm seen"
        },
        {
            "scale-in reverted",
            NotificationEvents.ScaleInFinished("scale-in:plan-demo:abc", Plan, "reverted", 3, 2, "5xx rose", At),
            "com.seamless.scalein.finished", "plan-demo", "outcome=reverted",
            "Seamless: scale-in of plan-demo 3 → 2 reverted: 5xx rose"
        },
        {
            "scaled out",
            NotificationEvents.ScaleOut("scale-out:plan-demo:def", Plan, 2, 4, "CPU alert fired", At),
            "com.seamless.scaleout", "plan-demo", "fromCapacity=2",
            "Seamless: plan-demo scaled out 2 → 4: CPU alert fired"
        },
        {
            "promise missed",
            NotificationEvents.Promise("scale-in:plan-demo:ghi", Plan, Seamless.Core.ScaleIn.Headroom.PromiseWatch.Between(null, Missed, 6)!, At),
            "com.seamless.promise", "plan-demo", "outcome=missed",
            "Seamless: plan-demo: the promise is missed: promise missed on the 1 days held: 3 of 1,440 minutes overloaded (0.208 %; the budget of 0.1 % allows 1.4), 3 of 1,440 in the last day; a plan minimum of 6 instances would have kept it on the history learned from"
        },
    };

    private static Seamless.Core.ScaleIn.Headroom.PromiseAccount Missed => new(0.1, At.AddDays(-1), At, 1440, 3, 1440, 3, null, null);

    [Theory]
    [MemberData(nameof(Events))]
    public void CloudEvent_EachEvent_IsAStructuredCloudEvent(string name, NotificationEvent notification, string type, string subject, string field, string summary)
    {
        var json = JsonDocument.Parse(NotificationPayload.CloudEvent(notification)).RootElement;

        json.GetProperty("specversion").GetString().ShouldBe("1.0", name);
        json.GetProperty("id").GetString().ShouldBe(notification.Id, name);
        json.GetProperty("id").GetString()!.Length.ShouldBe(32, name);
        json.GetProperty("type").GetString().ShouldBe(type, name);
        json.GetProperty("source").GetString().ShouldBe(notification.Source, name);
        json.GetProperty("source").GetString().ShouldStartWith("/subscriptions/", customMessage: name);
        json.GetProperty("subject").GetString().ShouldBe(subject, name);
        json.GetProperty("time").GetString().ShouldBe("2026-03-01T09:30:15.0000000Z", name);
        json.GetProperty("datacontenttype").GetString().ShouldBe("application/json", name);
        var data = json.GetProperty("data");
        var (key, value) = (field.Split('=')[0], field.Split('=')[1]);
        (data.GetProperty(key).GetString() ?? string.Empty).ShouldBe(value, name);
        data.GetProperty("summary").GetString().ShouldBe(summary, name);
        NotificationEventTypes.All.ShouldContain(type);
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Text_EachEvent_IsOneTextPropertyWithTheSummary(string name, NotificationEvent notification, string type, string subject, string field, string summary)
    {
        _ = (type, subject, field);

        var json = JsonDocument.Parse(NotificationPayload.Text(notification)).RootElement;

        json.EnumerateObject().Select(p => p.Name).ShouldBe(["text"], name);
        json.GetProperty("text").GetString().ShouldBe(summary, name);
    }

    [Theory]
    [InlineData(NotificationFormat.CloudEvents, "application/cloudevents+json", "specversion")]
    [InlineData(NotificationFormat.Text, "application/json", "text")]
    public void Body_Format_PicksTheShapeAndContentType(NotificationFormat format, string contentType, string firstProperty)
    {
        var notification = NotificationEvents.UpgradeStarted("upgrade:app-demo:1", Site, "v2", "swap", At);

        string body = NotificationPayload.Body(notification, format);

        NotificationPayload.ContentType(format).ShouldBe(contentType);
        JsonDocument.Parse(body).RootElement.EnumerateObject().First().Name.ShouldBe(firstProperty);
    }

    [Fact]
    public void EventId_SameInstanceTypeAndTime_SameId()
    {
        var first = NotificationEvents.UpgradeFinished("upgrade:app-demo:1", Site, "v2", "Promoted", "ok", "v2", "v1", At);
        var replayed = NotificationEvents.UpgradeFinished("upgrade:app-demo:1", Site, "v2", "Promoted", "ok", "v2", "v1", At);

        var started = NotificationEvents.UpgradeStarted("upgrade:app-demo:1", Site, "v2", "swap", At);
        var nextRun = NotificationEvents.ScaleInFinished("scale-in:plan-demo:abc", Plan, "scaled-in", 3, 2, "ok", At.AddMinutes(5));
        var run = NotificationEvents.ScaleInFinished("scale-in:plan-demo:abc", Plan, "scaled-in", 3, 2, "ok", At);

        replayed.Id.ShouldBe(first.Id);
        started.Id.ShouldNotBe(first.Id);
        nextRun.Id.ShouldNotBe(run.Id, "a plan's scale-in instance id is reused by every run; the time tells runs apart");
    }

    [Fact]
    public void Signature_Secret_IsTheTimestampedHmacOfTheBody()
    {
        const string secret = "notify-secret-0123456789";
        string body = NotificationPayload.CloudEvent(NotificationEvents.UpgradeStarted("upgrade:app-demo:1", Site, "v2", "swap", At));

        string header = NotificationPayload.Signature(secret, body, At);

        string t = At.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body)));
        header.ShouldBe($"t={t},v1={expected}");
    }
}
