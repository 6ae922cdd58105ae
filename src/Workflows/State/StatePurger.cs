using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.State;

/// <summary>What one purge removed.</summary>
/// <param name="AlertMarkers">Alert dedupe markers older than their retention.</param>
/// <param name="Deliveries">Delivery records, notification sent markers and dead letters older than the delivery retention.</param>
/// <param name="JournalEntries">Decision journal entries older than their retention.</param>
/// <param name="Undated">Records kept because no creation time could be read from them.</param>
public sealed record PurgeResult(int AlertMarkers, int Deliveries, int JournalEntries, int Undated)
{
    /// <summary>Gets the number of records removed.</summary>
    public int Removed => AlertMarkers + Deliveries + JournalEntries;
}

/// <summary>
/// Removes alert dedupe markers, delivery records and journal entries older than
/// <c>Seamless:Retention</c>, on any <see cref="IStateStore"/>. Idempotent and safe to run beside the
/// workflows: it deletes only records whose own time is past the cutoff. The Host runs it on a timer;
/// Functions calls <see cref="PurgeAsync"/> from a timer trigger.
/// </summary>
public sealed partial class StatePurger(IStateStore store, IOptions<SeamlessOptions> options, TimeProvider clock, ILogger<StatePurger> logger)
{
    /// <summary>Most records held in memory at once: a larger prefix is split by its next key character.</summary>
    public const int PageSize = 500;

    /// <summary>Every character that follows the roots in the keys of <see cref="StateKeys"/> (hex hashes, journal times), in ordinal order.</summary>
    public const string KeyAlphabet = "-./0123456789Tabcdef";

    private static readonly string[] TimeProperties = ["receivedAt", "createdAt", "at"];

    /// <summary>Purges every kind of record once, against the clock's now.</summary>
    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.Retention;
        var now = clock.GetUtcNow();
        var alerts = await SweepAsync(StateKeys.AlertRoot, now - retention.AlertMarkers, cancellationToken);
        var deliveries = await SweepAsync(StateKeys.DeliveryRoot, now - retention.Deliveries, cancellationToken);

        // Notification markers go with the delivery records: a sent marker (its "at") only has to outlive a re-run of the
        // enqueue that wrote the event, a dead letter (its "createdAt") the operator's look at it.
        var sent = await SweepAsync(StateKeys.OutboxSentRoot, now - retention.Deliveries, cancellationToken);
        var dead = await SweepAsync(StateKeys.OutboxDeadRoot, now - retention.Deliveries, cancellationToken);
        deliveries = (deliveries.Removed + sent.Removed + dead.Removed, deliveries.Undated + sent.Undated + dead.Undated);
        var journal = await SweepAsync(StateKeys.JournalRoot, now - retention.Journal, cancellationToken);
        var result = new PurgeResult(alerts.Removed, deliveries.Removed, journal.Removed, alerts.Undated + deliveries.Undated + journal.Undated);
        LogPurged(logger, result.AlertMarkers, result.Deliveries, result.JournalEntries);
        if (result.Undated > 0)
        {
            LogUndated(logger, result.Undated);
        }

        return result;
    }

    /// <summary>
    /// When a stored record was created: journal keys carry their UTC time; other records their
    /// <c>receivedAt</c>, <c>createdAt</c> or <c>at</c> field. Null when neither can be read.
    /// </summary>
    public static DateTimeOffset? CreatedAt(StoredItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Key.StartsWith(StateKeys.JournalRoot, StringComparison.Ordinal) && JournalTime(item.Key) is { } at)
        {
            return at;
        }

        try
        {
            using var document = JsonDocument.Parse(item.Value);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (TimeProperties.Contains(property.Name, StringComparer.OrdinalIgnoreCase)
                    && property.Value.ValueKind == JsonValueKind.String
                    && property.Value.TryGetDateTimeOffset(out var created))
                {
                    return created;
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static DateTimeOffset? JournalTime(string key)
    {
        int slash = key.LastIndexOf('/');
        int length = StateKeys.JournalTimeFormat.Length - 2; // the quotes around T are not in the key
        return slash >= 0 && key.Length >= slash + 1 + length
            && DateTime.TryParseExact(key.AsSpan(slash + 1, length), StateKeys.JournalTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : null;
    }

    /// <summary>
    /// True when no journal key under <paramref name="prefix"/> can be as old as <paramref name="cutoff"/>:
    /// the prefix already holds a time past it (keys are <c>journal/{plan}/{time}-…</c>).
    /// </summary>
    private static bool AllNewerThan(string prefix, DateTimeOffset cutoff)
    {
        if (!prefix.StartsWith(StateKeys.JournalRoot, StringComparison.Ordinal))
        {
            return false;
        }

        int slash = prefix.IndexOf('/', StateKeys.JournalRoot.Length);
        if (slash < 0 || slash == prefix.Length - 1)
        {
            return false;
        }

        string time = prefix[(slash + 1)..];
        string limit = cutoff.UtcDateTime.ToString(StateKeys.JournalTimeFormat, CultureInfo.InvariantCulture);
        return string.CompareOrdinal(time, limit[..Math.Min(time.Length, limit.Length)]) > 0;
    }

    /// <summary>
    /// Deletes the records under <paramref name="prefix"/> created before <paramref name="cutoff"/>. The
    /// store lists the last keys of a prefix only, so a prefix holding more than a page is split by its
    /// next key character; a journal prefix whose time is past the cutoff is skipped unread.
    /// </summary>
    private async Task<(int Removed, int Undated)> SweepAsync(string prefix, DateTimeOffset cutoff, CancellationToken ct)
    {
        var page = await store.ListAsync(prefix, PageSize + 1, ct);
        if (page.Count > PageSize)
        {
            int removed = 0, undated = 0;
            foreach (char next in KeyAlphabet)
            {
                string child = prefix + next;
                if (!AllNewerThan(child, cutoff))
                {
                    var (r, u) = await SweepAsync(child, cutoff, ct);
                    removed += r;
                    undated += u;
                }
            }

            return (removed, undated);
        }

        int deleted = 0, unknown = 0;
        foreach (var item in page)
        {
            var created = CreatedAt(item);
            if (created is null)
            {
                unknown++;
            }
            else if (created < cutoff)
            {
                await store.DeleteAsync(item.Key, ct);
                deleted++;
            }
        }

        return (deleted, unknown);
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "State purge removed {AlertMarkers} alert markers, {Deliveries} delivery records and {JournalEntries} journal entries")]
    private static partial void LogPurged(ILogger logger, int alertMarkers, int deliveries, int journalEntries);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "State purge kept {Undated} records with no readable creation time")]
    private static partial void LogUndated(ILogger logger, int undated);
}
