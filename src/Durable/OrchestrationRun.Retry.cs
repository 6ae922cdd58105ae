namespace Seamless.Durable;

/// <content>Declarative activity and sub-orchestration retries, their delays taken as durable timers.</content>
internal sealed partial class OrchestrationRun
{
    private static global::DurableTask.Core.FailureDetails ToCore(TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is null ? null : ToCore(details.InnerFailure), isNonRetriable: false);

    private static RetryPolicy? RetryPolicyOf(TaskOptions? options)
    {
        if (options?.Retry is not { } retry)
        {
            return null;
        }

        return retry.Policy ?? throw new NotSupportedException(
            "The embedded engine runs declarative retry policies (TaskOptions.FromRetryPolicy); retry handlers are not supported.");
    }

    private static bool IsNonRetriable(TaskFailureDetails details) =>
        details.ErrorType is "ActivityTaskNotFound" or "OrchestratorTaskNotFound";

    private async Task<string?> WithRetryAsync(Func<Task<string?>> attempt, RetryPolicy policy)
    {
        DateTime firstAttempt = CurrentUtcDateTime;
        for (int retryCount = 0; ; retryCount++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (!IsNonRetriable(ex.FailureDetails))
            {
                if (retryCount + 1 >= policy.MaxNumberOfAttempts)
                {
                    // Zero-delay timer after the last attempt, kept for history compatibility with DurableTask.
                    await ScheduleAsync(ActionKind.Timer, null, null, CurrentUtcDateTime, null);
                    throw;
                }

                TimeSpan delay = RetryDelay(policy, retryCount, firstAttempt, ex.FailureDetails);
                if (delay <= TimeSpan.Zero)
                {
                    throw;
                }

                await ScheduleAsync(ActionKind.Timer, null, null, CurrentUtcDateTime + delay, null);
            }
        }
    }

    private TimeSpan RetryDelay(RetryPolicy policy, int retryCount, DateTime firstAttempt, TaskFailureDetails failure)
    {
        try
        {
            // RetryPolicy.HandleFailure is set-only: the SDK folds it into Handle, which expects the
            // DurableTask.Core exception the Durable worker passes, so the engine passes the same.
            if (!policy.Handle(new global::DurableTask.Core.Exceptions.TaskFailedException(-1, -1, string.Empty, string.Empty, failure.ErrorMessage, null)
            {
                FailureDetails = ToCore(failure),
            }))
            {
                return TimeSpan.Zero;
            }
        }
#pragma warning disable CA1031 // A throwing handler means "do not retry", as in DurableTask.
        catch (Exception)
#pragma warning restore CA1031
        {
            return TimeSpan.Zero;
        }

        if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime >= firstAttempt + policy.RetryTimeout)
        {
            return TimeSpan.Zero;
        }

        // As DurableTask: firstRetryInterval × backoffCoefficient^(n-1), capped by maxRetryInterval.
        double ms = policy.FirstRetryInterval.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, retryCount);
        return ms >= policy.MaxRetryInterval.TotalMilliseconds ? policy.MaxRetryInterval : TimeSpan.FromMilliseconds(ms);
    }
}
