namespace Seamless.Workflows.Orchestration;

/// <summary>
/// Declarative retry policy (mirrors Microsoft.DurableTask.RetryPolicy): the delay before retry n
/// (1-based) is min(firstRetryInterval × backoffCoefficient^(n-1), maxRetryInterval); retries stop
/// after <see cref="MaxNumberOfAttempts"/> attempts, after <see cref="RetryTimeout"/> since the first
/// attempt, or when <see cref="HandleFailure"/> returns false.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Default cap on a single retry delay, as in Durable.</summary>
    public static readonly TimeSpan DefaultMaxRetryInterval = TimeSpan.FromHours(1);

    /// <summary>Initializes a new instance of the <see cref="RetryPolicy"/> class.</summary>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? DefaultMaxRetryInterval;
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Gets the maximum number of attempts, the first included.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Gets the delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Gets the multiplier applied to the delay after each retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Gets the cap on a single delay.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Gets the overall retry budget (infinite by default).</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>Gets a predicate deciding whether a failure is retried (all are by default).</summary>
    public Func<TaskFailureDetails, bool>? HandleFailure { get; init; }

    /// <summary>Computes the delay before retry number <paramref name="retryNumber"/> (1-based).</summary>
    public TimeSpan DelayBeforeRetry(int retryNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        double ms = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, retryNumber - 1);
        return ms >= MaxRetryInterval.TotalMilliseconds ? MaxRetryInterval : TimeSpan.FromMilliseconds(ms);
    }
}
