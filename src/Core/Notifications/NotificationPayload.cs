using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Seamless.Core.Notifications;

/// <summary>How a webhook receives events.</summary>
public enum NotificationFormat
{
    /// <summary>CloudEvents 1.0 structured JSON (<c>application/cloudevents+json</c>).</summary>
    CloudEvents,

    /// <summary><c>{"text": "…"}</c>: Slack incoming webhooks and Teams incoming webhooks' simple text payload.</summary>
    Text,
}

/// <summary>The bodies and signature Seamless sends to a webhook (pure).</summary>
public static class NotificationPayload
{
    /// <summary>The header of the timestamped signature, the same scheme Seamless checks on its own inbound webhook.</summary>
    public const string SignatureHeader = "Seamless-Signature";

    /// <summary>The content type of a CloudEvents structured-mode body.</summary>
    public const string CloudEventsContentType = "application/cloudevents+json";

    /// <summary>The content type of the text form.</summary>
    public const string TextContentType = "application/json";

    /// <summary>The body for <paramref name="format"/>.</summary>
    public static string Body(NotificationEvent notification, NotificationFormat format) =>
        format == NotificationFormat.Text ? Text(notification) : CloudEvent(notification);

    /// <summary>The content type for <paramref name="format"/>.</summary>
    public static string ContentType(NotificationFormat format) =>
        format == NotificationFormat.Text ? TextContentType : CloudEventsContentType;

    /// <summary>The event as a CloudEvents 1.0 structured JSON document.</summary>
    public static string CloudEvent(NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", notification.Id);
            json.WriteString("source", notification.Source);
            json.WriteString("type", notification.Type);
            json.WriteString("subject", notification.Subject);
            json.WriteString("time", notification.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("datacontenttype", "application/json");
            json.WriteStartObject("data");
            foreach (var (key, value) in notification.Data)
            {
                json.WriteString(key, value);
            }

            json.WriteString("summary", notification.Summary);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The event as <c>{"text": "…"}</c>.</summary>
    public static string Text(NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = notification.Summary });
    }

    /// <summary>
    /// The <see cref="SignatureHeader"/> value: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;." + body&gt;</c>,
    /// so a receiver can refuse a replayed or altered delivery.
    /// </summary>
    public static string Signature(string secret, string body, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        string t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
