using Seamless.Workflows.Orchestration;

namespace Seamless.Workflows.Upgrade;

/// <content>Durable waits that an operator's abort can interrupt, and how an operator is named.</content>
internal sealed partial class UpgradeRun
{
    /// <summary>Waits for a durable timer unless an abort arrives first; returns the abort reason.</summary>
    private async Task<string?> DelayOrAbortAsync(TimeSpan delay)
    {
        if (_abort.IsCompleted)
        {
            return AbortReason(_abort.Result);
        }

        using var cts = new CancellationTokenSource();
        var timer = DurableTime.DelayAsync(_ctx, delay, cts.Token);
        if (await Task.WhenAny(timer, _abort) == _abort)
        {
            CancelTimers(cts);
            return AbortReason(_abort.Result);
        }

        return null;
    }

    /// <summary>
    /// Cancels pending durable timers and waiters synchronously. Never <c>await cts.CancelAsync()</c>
    /// in an orchestrator: it resumes on the thread pool, outside the episode, and the engine drops
    /// that continuation, leaving the instance running forever.
    /// </summary>
    private static void CancelTimers(CancellationTokenSource cts)
    {
#pragma warning disable CA1849 // Synchronous on purpose: orchestrator code must stay on the episode's thread.
        cts.Cancel();
#pragma warning restore CA1849
    }

    private bool AbortRequested(out string reason)
    {
        reason = _abort.IsCompleted ? AbortReason(_abort.Result) : string.Empty;
        return _abort.IsCompleted;
    }

    private static string AbortReason(AbortRequest request) =>
        request.By is null && request.KeyFingerprint is null
            ? $"aborted by {request.Source}: {request.Reason}"
            : $"aborted by {request.Source} ({Who(request.By, request.KeyFingerprint)}): {request.Reason}";

    /// <summary>Names who answered: the free-text name they gave and the fingerprint of the key they used.</summary>
    private static string Who(string? by, string? keyFingerprint) => (by, keyFingerprint) switch
    {
        (null, null) => "an operator",
        (null, { } key) => $"an operator with key {key}",
        ({ } name, null) => name,
        ({ } name, { } key) => $"{name} with key {key}",
    };
}
