using Microsoft.Extensions.Configuration;
using Seamless.Core.Notifications;
using Seamless.Workflows.Configuration;

namespace Seamless.Workflows.Tests.Configuration;

/// <summary><c>Seamless:Notifications</c>: binding, defaults and one message per problem at start.</summary>
public sealed class NotificationOptionsTests
{
    [Fact]
    public void Bind_WebhooksFromSettings_BoundAndValid()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Seamless:Notifications:Webhooks:0:Url"] = "https://events.example.com/seamless",
            ["Seamless:Notifications:Webhooks:0:Secret"] = "notify-secret-0123456789",
            ["Seamless:Notifications:Webhooks:1:Url"] = "http://127.0.0.1:9000/hook",
            ["Seamless:Notifications:Webhooks:1:Format"] = "Text",
            ["Seamless:Notifications:Webhooks:1:Events:0"] = "com.seamless.upgrade.finished",
        });

        options.Validate().ShouldBeEmpty();
        options.Notifications.Webhooks.Count.ShouldBe(2);
        options.Notifications.Webhooks[0].BodyFormat.ShouldBe(NotificationFormat.CloudEvents);
        options.Notifications.Webhooks[1].BodyFormat.ShouldBe(NotificationFormat.Text);
        options.Notifications.WebhooksFor(NotificationEventTypes.UpgradeStarted).ShouldBe([0]);
        options.Notifications.WebhooksFor(NotificationEventTypes.UpgradeFinished).ShouldBe([0, 1]);
        options.Notifications.MaxAttempts.ShouldBe(8);
        options.Notifications.FirstRetryDelay.ShouldBe(TimeSpan.FromSeconds(30));
    }

    public static TheoryData<string, string, string, string> Invalid => new()
    {
        { "plain http to a public host", "Url", "http://events.example.com/hook", "Seamless:Notifications:Webhooks:0:Url must be an absolute https URL" },
        { "relative URL", "Url", "/hook", "Seamless:Notifications:Webhooks:0:Url must be an absolute https URL" },
        { "user info in the URL", "Url", "https://user:pw@events.example.com/hook", "Seamless:Notifications:Webhooks:0:Url must be an absolute https URL" },
        { "unknown event type", "Events:0", "com.seamless.upgrade.done", "Seamless:Notifications:Webhooks:0:Events has 'com.seamless.upgrade.done'" },
        { "short secret", "Secret", "short", "Seamless:Notifications:Webhooks:0:Secret must be at least 16 characters." },
        { "unknown format", "Format", "Slack", "Seamless:Notifications:Webhooks:0:Format must be CloudEvents or Text; got 'Slack'." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadWebhook_OneLineNamingTheSetting(string name, string field, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Seamless:Notifications:Webhooks:0:Url"] = "https://events.example.com/hook" };
        settings[$"Seamless:Notifications:Webhooks:0:{field}"] = value;

        var errors = Bind(settings).Validate();

        errors.ShouldHaveSingleItem(name).ShouldStartWith(expected, customMessage: name);
        errors[0].ShouldNotContain('\n');
    }

    [Fact]
    public void Validate_MissingUrl_NamesTheSetting()
    {
        var errors = Bind(new Dictionary<string, string?> { ["Seamless:Notifications:Webhooks:0:Format"] = "Text" }).Validate();

        errors.ShouldHaveSingleItem().ShouldStartWith("Seamless:Notifications:Webhooks:0:Url must be");
    }

    [Theory]
    [InlineData("DeliveryInterval", "00:00:00", "Seamless:Notifications:DeliveryInterval")]
    [InlineData("RequestTimeout", "00:10:00", "Seamless:Notifications:RequestTimeout")]
    [InlineData("FirstRetryDelay", "00:00:00", "Seamless:Notifications:FirstRetryDelay")]
    [InlineData("MaxAttempts", "0", "Seamless:Notifications:MaxAttempts")]
    public void Validate_DeliveryKnobOutOfRange_NamesTheSetting(string field, string value, string expected)
    {
        var errors = Bind(new Dictionary<string, string?> { [$"Seamless:Notifications:{field}"] = value }).Validate();

        errors.ShouldHaveSingleItem().ShouldStartWith(expected);
    }

    private static SeamlessOptions Bind(Dictionary<string, string?> settings)
    {
        settings["Seamless:Api:Keys:0"] = "notification-tests-key-0123";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return configuration.GetSection(SeamlessOptions.SectionName).Get<SeamlessOptions>() ?? new SeamlessOptions();
    }
}
