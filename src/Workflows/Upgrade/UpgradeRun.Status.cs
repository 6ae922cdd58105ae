using Seamless.Core.Upgrade;

namespace Seamless.Workflows.Upgrade;

/// <content>The timeline, the verdicts and the bounded custom status published from them; activity calls with retry.</content>
internal sealed partial class UpgradeRun
{
    private (UpgradeOutcome, string) Reject(string reason, VerdictGate? gateName = null, VerdictDetail? detail = null)
    {
        var gate = gateName ?? _phase switch
        {
            UpgradePhases.Leasing => VerdictGate.Lease,
            UpgradePhases.ConfigDiff => VerdictGate.ConfigDiff,
            _ => VerdictGate.Validation,
        };
        Verdict(gate, VerdictOutcome.Fail, reason, detail: detail);
        return (UpgradeOutcome.Rejected, reason);
    }

    private Task<T> CallAsync<T>(string name, object? input) => _ctx.CallActivityAsync<T>(name, input, Retry);

    private void Enter(string phase, string step)
    {
        _phase = phase;
        _step = step;
        Publish();
    }

    private void Record(string message, TimelineChange? change = null)
    {
        _timeline.Add(new TimelineEntry(Now, _phase, message, change));
        Publish();
    }

    private void Verdict(VerdictGate gate, VerdictOutcome outcome, string message, double? score = null, VerdictDetail? detail = null)
    {
        var verdict = new VerdictRecord(Now, _phase, gate, outcome, message, score, detail);
        _verdicts.Add(verdict);
        _timeline.Add(new TimelineEntry(Now, _phase, $"{gate}: {outcome} — {message}"));
        Publish();
    }

    /// <summary>Publishes the status, bounded (the full history stays in memory for the upgrade record).</summary>
    private void Publish(VerdictRecord? latest = null)
    {
        var status = Status(null, null);
        _ctx.SetCustomStatus(UpgradeStatusBudget.Fit(latest is null ? status : status with { LatestVerdict = latest }));
    }

    /// <summary>
    /// The status: for publishing, only the tails the budget keeps (the custom status is set many times per
    /// episode and on every replay, so it must not cost the whole history); in full for the upgrade record.
    /// </summary>
    private UpgradeStatus Status(UpgradeOutcome? outcome, string? reason, bool full = false) => new(
        _input.SiteId,
        _input.Version,
        _phase,
        _step,
        _verdicts.Count == 0 ? null : _verdicts[^1],
        _changes.Routing,
        outcome,
        reason,
        Tail(_timeline, full ? _timeline.Count : UpgradeStatusBudget.RecentTimeline),
        Tail(_verdicts, full ? _verdicts.Count : UpgradeStatusBudget.RecentVerdicts),
        _timeline.Count,
        _verdicts.Count,
        _facts?.Build);

    private static List<T> Tail<T>(List<T> list, int count) =>
        list.Count <= count ? [.. list] : list.GetRange(list.Count - count, count);
}
