using Microsoft.Extensions.Logging;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn.Headroom;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.State;

/// <summary>
/// Keeps each plan's <see cref="PromiseFloor"/> (the plan minimums its learnings named where the promise broke on bursts
/// beyond reach) in the state store (<see cref="StateKeys.PromiseFloor"/>), so every instance of the app holds the same
/// minimum for its whole hold, across restarts, though it learned only the latest hours itself. A learning records
/// what it named into the stored floor (<see cref="PromiseFloor.Record"/>, which the same learning recorded twice leaves
/// as it is) and writes it back on the version it read, again on a concurrent write. A record that cannot be read or
/// written is logged and the floor this process holds is used: the store shares it, the learning decides it.
/// </summary>
public sealed partial class PromiseFloorStore(IStateStore store, ILogger<PromiseFloorStore> logger)
{
    /// <summary>Writes tried before other instances' concurrent writes are left to stand (each records the same learnings).</summary>
    public const int WriteAttempts = 8;

    /// <summary>Reads the plan's floor; <see cref="PromiseFloor.None"/> when none is stored or it cannot be read.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The floor.</returns>
    public async Task<PromiseFloor> LoadAsync(AzureResourceId plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        try
        {
            return (await ReadAsync(plan, cancellationToken))?.Floor ?? PromiseFloor.None;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailed(logger, ex, StateKeys.PromiseFloor(plan));
            return PromiseFloor.None;
        }
    }

    /// <summary>
    /// Records a learning up to <paramref name="at"/> that named <paramref name="named"/> (or nothing) into the stored
    /// floor and writes it when that changed it.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="at">The end of the history the learning read.</param>
    /// <param name="named">What it named for the floor (<see cref="PromiseFloor.NamedBy"/>), or null.</param>
    /// <param name="hold">How long a minimum it named is held (<see cref="PromiseFloor.HoldFor"/>).</param>
    /// <param name="hours">The hours of the day it is held at (<see cref="PromiseAccount.BurstHours"/>); null: around the clock.</param>
    /// <param name="held">The floor this process held before (used when the store cannot be read).</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    /// <returns>The floor with the learning recorded.</returns>
    public async Task<PromiseFloor> RecordAsync(AzureResourceId plan, DateTimeOffset at, int? named, TimeSpan hold, HoursOfDay? hours, PromiseFloor held, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(held);
        var key = StateKeys.PromiseFloor(plan);
        var recorded = held.Record(at, named, hold, hours);
        try
        {
            for (var attempt = 0; attempt < WriteAttempts; attempt++)
            {
                var current = await ReadAsync(plan, cancellationToken);
                // Nothing stored yet, or a malformed record: what this process held (written over it).
                var stored = current?.Floor ?? held;
                recorded = stored.Record(at, named, hold, hours);
                if (current?.Floor is { } unchanged && ReferenceEquals(recorded, unchanged))
                {
                    return recorded;
                }

                if (current is null && recorded.Named.Count == 0)
                {
                    return recorded;
                }

                var record = new FloorRecord(plan.ToString(), [.. recorded.Named]);
                if (await store.TryWriteAsync(key, WorkflowJson.Serialize(record)!, current?.ETag, cancellationToken) is not null)
                {
                    return recorded;
                }
            }

            LogContended(logger, key, WriteAttempts);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailed(logger, ex, key);
            return held.Record(at, named, hold, hours);
        }

        return recorded;
    }

    /// <summary>
    /// The stored record: its ETag and, when it is well formed, the floor (a malformed one is logged and left to be
    /// overwritten); null when none is stored. A store that cannot be read throws.
    /// </summary>
    private async Task<(string ETag, PromiseFloor? Floor)?> ReadAsync(AzureResourceId plan, CancellationToken cancellationToken)
    {
        var key = StateKeys.PromiseFloor(plan);
        var item = await store.GetAsync(key, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var (record, problem) = StoredRecord.Parse<FloorRecord>(item.Value, r =>
            r.Named is not { } named ? "empty"
            : named.Any(n => n is null || n.Instances < 1) ? "a minimum below one instance"
            : named.Any(n => n.Until <= n.At) ? "a hold that ends before it begins"
            : named.Any(n => n.Hours is { Mask: 0 }) ? "held at no hour of the day"
            : null);
        if (problem is not null)
        {
            LogMalformed(logger, key, problem);
            return (item.ETag, null);
        }

        return (item.ETag, new PromiseFloor([.. record!.Named!.OrderBy(n => n.At)]));
    }

    /// <summary>A stored floor: the plan (for a reader of the store) and the minimums named within the hold.</summary>
    private sealed record FloorRecord(string Plan, IReadOnlyList<NamedMinimum>? Named);

    [LoggerMessage(EventId = 2320, Level = LogLevel.Warning, Message = "Promise floor {Key} could not be read; the floor this instance holds is used")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 2321, Level = LogLevel.Warning, Message = "Promise floor {Key} could not be read or written; this instance holds the floor from its own learnings")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 2322, Level = LogLevel.Warning, Message = "Promise floor {Key} is malformed ({Problem}); it is written again from this learning")]
    private static partial void LogMalformed(ILogger logger, string key, string problem);

    [LoggerMessage(EventId = 2323, Level = LogLevel.Information, Message = "Promise floor {Key} was written by other instances {Attempts} times while this one wrote; theirs stands")]
    private static partial void LogContended(ILogger logger, string key, int attempts);
}
