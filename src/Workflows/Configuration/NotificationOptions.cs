using Seamless.Core.Notifications;

namespace Seamless.Workflows.Configuration;

/// <summary>
/// Outbound webhooks on release and scale events (<c>Seamless:Notifications</c>). Orchestrators only write events to an
/// outbox in the state store; <see cref="Notifications.NotificationSender"/> delivers it with back-off, so a slow or
/// unreachable receiver never delays a release.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Default interval of the Host's delivery loop (Functions uses the NOTIFY_SCHEDULE cron instead).</summary>
    public static readonly TimeSpan DefaultDeliveryInterval = TimeSpan.FromSeconds(5);

    /// <summary>Default time a webhook has to answer one delivery.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default delay after the first failed attempt (doubling after each further one).</summary>
    public static readonly TimeSpan DefaultFirstRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default attempts before giving up: 8 attempts with 30 s doubling span about an hour.</summary>
    public const int DefaultMaxAttempts = 8;

    /// <summary>Gets the webhooks (none: nothing is recorded or sent).</summary>
    public IList<WebhookOptions> Webhooks { get; init; } = [];

    /// <summary>Gets the Host's delivery interval.</summary>
    public TimeSpan DeliveryInterval { get; init; } = DefaultDeliveryInterval;

    /// <summary>Gets how long one delivery may take (real time: it bounds a network call, not a workflow).</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>Gets the delay after the first failure.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = DefaultFirstRetryDelay;

    /// <summary>Gets the attempts before an event is given up (kept as a dead letter).</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>Validates the webhooks and delivery knobs; one message per problem.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (int i = 0; i < Webhooks.Count; i++)
        {
            errors.AddRange(Webhooks[i].Validate($"Seamless:Notifications:Webhooks:{i}"));
        }

        if (DeliveryInterval < TimeSpan.FromSeconds(1) || DeliveryInterval > TimeSpan.FromHours(1))
        {
            errors.Add("Seamless:Notifications:DeliveryInterval must be between 00:00:01 and 01:00:00.");
        }

        if (RequestTimeout < TimeSpan.FromMilliseconds(100) || RequestTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add("Seamless:Notifications:RequestTimeout must be between 00:00:00.1 and 00:02:00.");
        }

        if (FirstRetryDelay < TimeSpan.FromSeconds(1) || FirstRetryDelay > TimeSpan.FromHours(1))
        {
            errors.Add("Seamless:Notifications:FirstRetryDelay must be between 00:00:01 and 01:00:00.");
        }

        if (MaxAttempts is < 1 or > 20)
        {
            errors.Add("Seamless:Notifications:MaxAttempts must be between 1 and 20.");
        }

        return errors;
    }

    /// <summary>The indexes of the webhooks that receive events of <paramref name="type"/>.</summary>
    public IReadOnlyList<int> WebhooksFor(string type) =>
        [.. Enumerable.Range(0, Webhooks.Count).Where(i => Webhooks[i].Events.Count == 0 || Webhooks[i].Events.Contains(type, StringComparer.Ordinal))];
}

/// <summary>One outbound webhook (<c>Seamless:Notifications:Webhooks:N</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Shortest accepted signing secret.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>Gets the URL: absolute https, or http only to a loopback address.</summary>
    public string? Url { get; init; }

    /// <summary>
    /// Gets the body format, <c>CloudEvents</c> (default) or <c>Text</c>. A string, checked by <see cref="Validate"/>: the
    /// configuration binder skips a list element whose enum value it cannot convert, which would drop the webhook silently.
    /// </summary>
    public string? Format { get; init; }

    /// <summary>Gets the body format (<see cref="Format"/> parsed; CloudEvents when unset).</summary>
    public NotificationFormat BodyFormat =>
        Enum.TryParse<NotificationFormat>(Format, ignoreCase: true, out var format) && Enum.IsDefined(format) ? format : NotificationFormat.CloudEvents;

    /// <summary>Gets the event types it receives (empty: all).</summary>
    public IList<string> Events { get; init; } = [];

    /// <summary>Gets the HMAC secret; when set, each delivery carries a timestamped <c>Seamless-Signature</c> header.</summary>
    public string? Secret { get; init; }

    /// <summary>Validates this webhook; messages start with <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        var errors = new List<string>();
        if (!IsAllowedUrl(Url))
        {
            errors.Add($"{path}:Url must be an absolute https URL (http only to a loopback address) without user info, e.g. https://hooks.slack.com/services/…; got '{Url}'.");
        }

        if (!string.IsNullOrEmpty(Format) && !Enum.GetNames<NotificationFormat>().Contains(Format, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{path}:Format must be CloudEvents or Text; got '{Format}'.");
        }

        foreach (string type in Events.Where(e => !NotificationEventTypes.All.Contains(e, StringComparer.Ordinal)))
        {
            errors.Add($"{path}:Events has '{type}', which is none of {string.Join(", ", NotificationEventTypes.All)}.");
        }

        if (Secret is not null && Secret.Length < MinimumSecretLength)
        {
            errors.Add($"{path}:Secret must be at least {MinimumSecretLength} characters.");
        }

        return errors;
    }

    /// <summary>Returns true for an absolute https URL, or http to loopback, without user info.</summary>
    public static bool IsAllowedUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && uri.UserInfo.Length == 0
        && !value!.Any(char.IsWhiteSpace);
}
