using System.Text;
using Seamless.Workflows.Orchestration;

namespace Seamless.Workflows.Upgrade;

/// <summary>
/// Keeps an upgrade's custom status small whatever the policy: Durable stores it with the instance
/// (16 KB on the embedded engine; past 64 KiB the Azure Storage instance update fails and the work item
/// retries forever). The status carries the latest verdicts and timeline entries and the counts; the
/// full history goes to the upgrade record. Deterministic, so it is safe in orchestrator code.
/// </summary>
public static class UpgradeStatusBudget
{
    /// <summary>Upper bound of the serialized status, in UTF-8 bytes (so also in UTF-16 characters).</summary>
    public const int MaxBytes = 15 * 1024;

    /// <summary>Timeline entries kept in the status.</summary>
    public const int RecentTimeline = 20;

    /// <summary>Verdicts kept in the status.</summary>
    public const int RecentVerdicts = 8;

    /// <summary>Longest message or reason kept in the status.</summary>
    public const int MaxText = 600;

    /// <summary>Returns the status to publish: recent entries, counts, and within <see cref="MaxBytes"/>.</summary>
    public static UpgradeStatus Fit(UpgradeStatus full)
    {
        ArgumentNullException.ThrowIfNull(full);
        int timeline = RecentTimeline;
        int verdicts = RecentVerdicts;
        bool olderDetail = true;
        bool latestDetail = true;
        while (true)
        {
            var candidate = Shape(full, timeline, verdicts, olderDetail, latestDetail);
            if (Size(candidate) <= MaxBytes || (timeline == 0 && verdicts == 0 && !latestDetail))
            {
                return candidate;
            }

            // Shed the heaviest parts first: details of older verdicts, then fewer entries, then the latest detail.
            if (olderDetail)
            {
                olderDetail = false;
            }
            else if (timeline > 0 || verdicts > 0)
            {
                timeline /= 2;
                verdicts /= 2;
            }
            else
            {
                latestDetail = false;
            }
        }
    }

    /// <summary>Gets the serialized size of a status in UTF-8 bytes.</summary>
    public static int Size(UpgradeStatus status) => Encoding.UTF8.GetByteCount(WorkflowJson.Serialize(status) ?? string.Empty);

    private static UpgradeStatus Shape(UpgradeStatus full, int timeline, int verdicts, bool olderDetail, bool latestDetail) => full with
    {
        Step = Clip(full.Step)!,
        Reason = Clip(full.Reason),
        LatestVerdict = full.LatestVerdict is null ? null : Trim(full.LatestVerdict, latestDetail),
        Timeline = [.. full.Timeline.TakeLast(timeline).Select(e => e with { Message = Clip(e.Message)! })],
        Verdicts = [.. full.Verdicts.TakeLast(verdicts).Select(v => Trim(v, olderDetail))],
        TimelineCount = Math.Max(full.TimelineCount, full.Timeline.Count),
        VerdictCount = Math.Max(full.VerdictCount, full.Verdicts.Count),
    };

    private static VerdictRecord Trim(VerdictRecord verdict, bool keepDetail) =>
        verdict with { Message = Clip(verdict.Message)!, Detail = keepDetail ? verdict.Detail : null };

    private static string? Clip(string? text) =>
        text is null || text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText - 1), "…");
}
