using Microsoft.DurableTask;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.Orchestration;

/// <summary>The retry every workflow gives its activities: transient failures are retried, refusals are not.</summary>
public static class ActivityRetry
{
    /// <summary>
    /// True when a failure can succeed on a retry. Bad arguments, unreadable responses and requests Azure refused as
    /// made (<see cref="AzureRequestRefusedException"/>: a missing site, a forbidden call) fail the same way every time,
    /// and retrying them only delays the answer.
    /// </summary>
    public static bool IsTransient(TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return !failure.IsCausedBy<ArgumentException>()
            && !failure.IsCausedBy<FormatException>()
            && !failure.IsCausedBy<AzureRequestRefusedException>();
    }

    /// <summary>Task options retrying transient failures with exponential back-off.</summary>
    /// <param name="attempts">Attempts in all, the first included.</param>
    /// <param name="first">The first retry interval.</param>
    /// <param name="max">The longest retry interval.</param>
    public static TaskOptions Options(int attempts, TimeSpan first, TimeSpan max) => TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: attempts, firstRetryInterval: first, backoffCoefficient: 2, maxRetryInterval: max)
        {
            HandleFailure = IsTransient,
        });
}
