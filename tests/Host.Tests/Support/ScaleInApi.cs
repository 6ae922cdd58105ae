using System.Net;
using System.Text.Json;

namespace Seamless.Host.Tests.Support;

/// <summary>A minimal client of the scale-in decision journal (<c>GET /api/scale-in/decisions</c>), as an operator would read it.</summary>
internal sealed class ScaleInApi(HttpClient http, string key)
{
    /// <summary>The plan's journal, oldest first; null when the host is not answering (e.g. while it restarts).</summary>
    public async Task<IReadOnlyList<JournalView>?> TryDecisionsAsync(string planId, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/scale-in/decisions?plan={Uri.EscapeDataString(planId)}&limit=500", UriKind.Relative));
            request.Headers.Add(UpgradeApi.KeyHeader, key);
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return [.. doc.RootElement.GetProperty("decisions").EnumerateArray().Select(JournalView.From)];
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>One line per entry, for failure messages.</summary>
    public static string Describe(IEnumerable<JournalView> journal) =>
        string.Join(Environment.NewLine, journal.Select(e => $"{e.At:HH:mm:ss} {e.Kind}: {e.Summary}"));
}

/// <summary>A journal entry as the API shows it, with the decision fields the tests read from its detail.</summary>
internal sealed record JournalView(DateTimeOffset At, string Kind, string Summary, string? DecidingRule, string? Action, int? FromCapacity, int? ToCapacity)
{
    public static JournalView From(JsonElement e)
    {
        string? rule = null, action = null;
        int? from = null, to = null;
        if (e.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            rule = d.TryGetProperty("decidingRule", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            action = d.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            from = d.TryGetProperty("fromCapacity", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : null;
            to = d.TryGetProperty("toCapacity", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null;
        }

        return new JournalView(e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("kind").GetString()!, e.GetProperty("summary").GetString()!, rule, action, from, to);
    }
}
