using Microsoft.DurableTask;

namespace Seamless.Workflows.Orchestration;

/// <summary>
/// Durable timers that never end a window early. On the Azure Storage backend a timer may fire up to
/// a second before its time (queue visibility is in whole seconds); a verification or guard window
/// that ended there would read a shorter window than the policy promises. The wait re-arms until the
/// orchestration's own clock has reached the target; replay-safe, since that clock comes from history.
/// </summary>
public static class DurableTime
{
    /// <summary>Gets the orchestration's current time as a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset Now(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc), TimeSpan.Zero);
    }

    /// <summary>Waits until the orchestration clock reads at least <paramref name="fireAt"/> (or the token is cancelled).</summary>
    public static async Task WaitUntilAsync(TaskOrchestrationContext context, DateTime fireAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        fireAt = DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        do
        {
            await context.CreateTimer(fireAt, cancellationToken);
        }
        while (context.CurrentUtcDateTime < fireAt && !cancellationToken.IsCancellationRequested);
    }

    /// <summary>Waits for <paramref name="delay"/> of orchestration time, re-arming a timer that fired early.</summary>
    public static Task DelayAsync(TaskOrchestrationContext context, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WaitUntilAsync(context, context.CurrentUtcDateTime + delay, cancellationToken);
    }
}
