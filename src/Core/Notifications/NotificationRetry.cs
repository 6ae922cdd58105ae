namespace Seamless.Core.Notifications;

/// <summary>What to do with a notification after a delivery attempt.</summary>
public enum DeliveryAction
{
    /// <summary>Delivered: remove it from the outbox.</summary>
    Done,

    /// <summary>Try again at <see cref="DeliveryVerdict.NextAttemptAt"/>.</summary>
    Retry,

    /// <summary>Stop trying and keep a dead-letter record.</summary>
    GiveUp,
}

/// <summary>The verdict on one delivery attempt.</summary>
/// <param name="Action">What to do.</param>
/// <param name="NextAttemptAt">When to try again (for <see cref="DeliveryAction.Retry"/>).</param>
/// <param name="Message">Why, for the log and the dead-letter record.</param>
public sealed record DeliveryVerdict(DeliveryAction Action, DateTimeOffset? NextAttemptAt, string Message);

/// <summary>
/// Exponential back-off of webhook deliveries (pure): 2xx is done; a timeout, a refused connection, 408, 429 or 5xx is
/// retried after <c>firstDelay × 2^(attempts-1)</c> until <c>maxAttempts</c>; any other status will not change by
/// retrying, so it is given up at once.
/// </summary>
public static class NotificationRetry
{
    /// <summary>Judges an attempt.</summary>
    /// <param name="statusCode">The HTTP status, or null when no answer came (timeout, connection refused).</param>
    /// <param name="failure">What went wrong without an answer.</param>
    /// <param name="attempts">Attempts made, this one included (at least 1).</param>
    /// <param name="now">When this attempt ended.</param>
    /// <param name="firstDelay">The delay after the first failure.</param>
    /// <param name="maxAttempts">Attempts before giving up.</param>
    public static DeliveryVerdict Evaluate(int? statusCode, string? failure, int attempts, DateTimeOffset now, TimeSpan firstDelay, int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        if (statusCode is >= 200 and < 300)
        {
            return new DeliveryVerdict(DeliveryAction.Done, null, $"delivered (HTTP {statusCode})");
        }

        string what = statusCode is { } code ? $"HTTP {code}" : failure ?? "no answer";
        bool transient = statusCode is null or 408 or 429 or >= 500;
        if (!transient)
        {
            return new DeliveryVerdict(DeliveryAction.GiveUp, null, $"{what}: the receiver refused the notification; retrying would not change that");
        }

        if (attempts >= maxAttempts)
        {
            return new DeliveryVerdict(DeliveryAction.GiveUp, null, $"{what}: gave up after {attempts} attempts");
        }

        var delay = firstDelay * Math.Pow(2, attempts - 1);
        return new DeliveryVerdict(DeliveryAction.Retry, now + delay, $"{what}: attempt {attempts} of {maxAttempts} failed; next in {delay}");
    }
}
