using Microsoft.Extensions.Logging;
using Seamless.Core.Resources;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.State;

/// <summary>
/// Keeps each plan's settled demand hours (<see cref="DemandLedger"/>) in the state store, one record per plan and UTC day
/// (<see cref="StateKeys.LedgerDay"/>), so a new or an extra instance of the app learns a plan's headroom from what another
/// already read instead of reading the learning window and the week before it from Azure Monitor again. Settled hours
/// are final, so every copy of an hour is the same metrics: a write merges the hours already stored with its own and
/// retries on a concurrent write. The store is a cache of Azure Monitor, never its authority: a record that cannot be read
/// or written is logged and the hours are read from Azure Monitor, as without a store. A plan's days older than
/// <see cref="RetentionDays"/> are deleted by its own saves (<see cref="SaveAsync"/>), not by the purger, which would
/// have to read every record of every plan to date it (a blob store's listing downloads them).
/// </summary>
public sealed partial class DemandLedgerStore(IStateStore store, ILogger<DemandLedgerStore> logger)
{
    /// <summary>
    /// Days a plan's day is kept after it ended: the longest learning window a policy may set (14 days), the week before it
    /// that the seasonal term reads, and a day more.
    /// </summary>
    public const int RetentionDays = 14 + 7 + 1;

    /// <summary>
    /// Days before the retention that a plan's first save of a day deletes too: the days an app stopped for up to a week
    /// did not delete. A plan no longer managed keeps its last days (at most <see cref="RetentionDays"/> records), which
    /// are its ledger again if it is managed again.
    /// </summary>
    public const int PruneDays = 7;

    /// <summary>Per plan, the latest day whose older days this process deleted.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<AzureResourceId, DateOnly> _pruned = new();

    /// <summary>
    /// Writes of one day tried before other instances' concurrent writes are left to stand: each round of writers that read
    /// the same version has one that succeeds, so up to this many instances writing one plan's day at once all get their
    /// hours in (on the blob store with three tries, four of eight did). The hours of a write left out are written again
    /// with the plan's next save of that day, or read from Azure Monitor by the next instance that misses them.
    /// </summary>
    public const int WriteAttempts = 8;

    /// <summary>Takes into <paramref name="ledger"/> the stored settled hours of the days that [<paramref name="from"/>, <paramref name="to"/>) touches.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="ledger">The plan's ledger in this process.</param>
    /// <param name="from">The first minute wanted.</param>
    /// <param name="to">The end (exclusive).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>How many hours were taken.</returns>
    public async Task<int> LoadAsync(AzureResourceId plan, DemandLedger ledger, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ledger);
        var taken = 0;
        foreach (var day in Days(from, to))
        {
            if (await ReadAsync(plan, day, cancellationToken) is { Day: { } stored })
            {
                taken += ledger.Restore(stored);
            }
        }

        return taken;
    }

    /// <summary>Stores the settled hours <paramref name="ledger"/> holds of each of <paramref name="days"/>, merged with those already stored.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="ledger">The plan's ledger in this process.</param>
    /// <param name="days">The days whose hours were read.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>How many days were written (a day the store already held as is is not).</returns>
    /// <remarks>
    /// The first save of a plan in a day (per process) also deletes the plan's days that ended more than
    /// <see cref="RetentionDays"/> before the latest day saved, and the <see cref="PruneDays"/> before them.
    /// </remarks>
    public async Task<int> SaveAsync(AzureResourceId plan, DemandLedger ledger, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(days);
        var written = 0;
        var saved = days.Distinct().Order().ToList();
        foreach (var day in saved)
        {
            var mine = ledger.SettledDay(day);
            if (mine.Hours.Count == 0)
            {
                continue;
            }

            written += await WriteAsync(plan, mine, cancellationToken) ? 1 : 0;
        }

        if (saved.Count > 0 && (!_pruned.TryGetValue(plan, out var pruned) || pruned < saved[^1]))
        {
            await PruneAsync(plan, saved[^1], cancellationToken);
        }

        return written;
    }

    /// <summary>Deletes the plan's days that ended more than <see cref="RetentionDays"/> before <paramref name="latest"/> began (and <see cref="PruneDays"/> more).</summary>
    private async Task PruneAsync(AzureResourceId plan, DateOnly latest, CancellationToken cancellationToken)
    {
        var newestGone = latest.AddDays(-RetentionDays - 1);
        try
        {
            for (var day = newestGone.AddDays(-PruneDays); day <= newestGone; day = day.AddDays(1))
            {
                await store.DeleteAsync(StateKeys.LedgerDay(plan, day), cancellationToken);
            }

            _pruned[plan] = latest;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPruneFailed(logger, ex, StateKeys.LedgerDay(plan, newestGone));
        }
    }

    /// <summary>The UTC days [<paramref name="from"/>, <paramref name="to"/>) touches, oldest first.</summary>
    /// <param name="from">The first minute.</param>
    /// <param name="to">The end (exclusive).</param>
    /// <returns>The days.</returns>
    public static IEnumerable<DateOnly> Days(DateTimeOffset from, DateTimeOffset to)
    {
        var last = to > from ? DateOnly.FromDateTime(to.AddTicks(-1).UtcDateTime) : DateOnly.FromDateTime(from.UtcDateTime).AddDays(-1);
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private async Task<bool> WriteAsync(AzureResourceId plan, LedgerDay mine, CancellationToken cancellationToken)
    {
        var key = StateKeys.LedgerDay(plan, mine.Day);
        try
        {
            for (var attempt = 0; attempt < WriteAttempts; attempt++)
            {
                var current = await ReadAsync(plan, mine.Day, cancellationToken);
                var stored = current?.Day?.Hours ?? [];
                var merged = stored.Concat(mine.Hours.Where(h => stored.All(s => s.Hour != h.Hour))).OrderBy(h => h.Hour).ToList();
                if (merged.Count == stored.Count && current?.Day is not null)
                {
                    return false;
                }

                var record = new LedgerRecord(plan.ToString(), mine.Day, new DateTimeOffset(mine.Day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), merged);
                if (await store.TryWriteAsync(key, WorkflowJson.Serialize(record)!, current?.ETag, cancellationToken) is not null)
                {
                    return true;
                }
            }

            LogContended(logger, key, WriteAttempts);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailed(logger, ex, key);
        }

        return false;
    }

    /// <summary>The stored record of a day: its ETag and, when it is well formed, its hours (a malformed one is logged and left to be overwritten).</summary>
    private async Task<(string ETag, LedgerDay? Day)?> ReadAsync(AzureResourceId plan, DateOnly day, CancellationToken cancellationToken)
    {
        var key = StateKeys.LedgerDay(plan, day);
        StoredItem? item;
        try
        {
            item = await store.GetAsync(key, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailed(logger, ex, key);
            return null;
        }

        if (item is null)
        {
            return null;
        }

        var (record, problem) = StoredRecord.Parse<LedgerRecord>(item.Value, r => r.Day != day ? $"holds {r.Day:yyyy-MM-dd}" : Day(r).Validate());
        var stored = record is null ? null : Day(record);

        if (problem is not null)
        {
            LogMalformed(logger, key, problem);
            return (item.ETag, null);
        }

        return (item.ETag, stored);
    }

    private static LedgerDay Day(LedgerRecord record) => new(record.Day, record.Hours ?? []);

    /// <summary>A stored day: the plan (for a reader of the store), the day, its end and the settled hours.</summary>
    private sealed record LedgerRecord(string Plan, DateOnly Day, DateTimeOffset At, IReadOnlyList<LedgerHour>? Hours);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Warning, Message = "Demand ledger {Key} could not be read; its hours are read from Azure Monitor")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Warning, Message = "Demand ledger {Key} could not be written; another instance reads its hours from Azure Monitor")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 2312, Level = LogLevel.Warning, Message = "Demand ledger {Key} is malformed ({Problem}); its hours are read from Azure Monitor and it is written again")]
    private static partial void LogMalformed(ILogger logger, string key, string problem);

    [LoggerMessage(EventId = 2314, Level = LogLevel.Warning, Message = "Demand ledger days up to {Key} could not be deleted; the next day's first save tries again")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 2313, Level = LogLevel.Information, Message = "Demand ledger {Key} was written by other instances {Attempts} times while this one wrote; theirs stands")]
    private static partial void LogContended(ILogger logger, string key, int attempts);
}
