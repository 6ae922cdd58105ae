using Microsoft.DurableTask.Client;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Upgrade;

namespace Seamless.Api;

/// <summary>The JSON of <c>GET /api/upgrades/{id}</c>.</summary>
/// <param name="Id">The upgrade id.</param>
/// <param name="Status">Durable runtime status: Pending, Running, Completed, Failed, Terminated.</param>
/// <param name="Outcome">Promoted, AlreadyServing, RolledBack, Rejected, Aborted or Failed once finished.</param>
/// <param name="Reason">Why it ended that way.</param>
/// <param name="Site">The site.</param>
/// <param name="Version">The version the request named (a claim; <paramref name="Build"/> says what the slots were observed to run).</param>
/// <param name="Phase">Current phase.</param>
/// <param name="Step">Current step.</param>
/// <param name="RoutingPercentage">Traffic share on the source slot now.</param>
/// <param name="LatestVerdict">Latest gate verdict.</param>
/// <param name="Verdicts">Every verdict once finished (from the upgrade record); the most recent ones while running.</param>
/// <param name="Timeline">What happened (all of it once finished; the most recent entries while running).</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="LastUpdatedAt">Last change.</param>
/// <param name="StatusUri">This resource.</param>
/// <param name="VerdictCount">How many verdicts there are in all.</param>
/// <param name="TimelineCount">How many timeline entries there are in all.</param>
/// <param name="Build">The build identity check: what the source and target slots reported, and its outcome.</param>
public sealed record UpgradeView(
    string Id,
    string Status,
    string? Outcome,
    string? Reason,
    string? Site,
    string? Version,
    string? Phase,
    string? Step,
    double? RoutingPercentage,
    VerdictRecord? LatestVerdict,
    IReadOnlyList<VerdictRecord> Verdicts,
    IReadOnlyList<TimelineEntry> Timeline,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string StatusUri,
    int VerdictCount = 0,
    int TimelineCount = 0,
    Core.Upgrade.BuildIdentityVerdict? Build = null)
{
    /// <summary>
    /// Shapes an instance's metadata (fetched with inputs and outputs). The custom status and the output
    /// carry a bounded status; <paramref name="record"/>, the upgrade record saved when it finished, the full history.
    /// </summary>
    public static UpgradeView From(OrchestrationMetadata metadata, string statusUri, UpgradeStatus? record = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var result = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<UpgradeResult>() : null;
        var status = record ?? result?.Status ?? metadata.ReadCustomStatusAs<UpgradeStatus>();
        var input = metadata.SerializedInput is null ? null : metadata.ReadInputAs<UpgradeInput>();
        string? outcome = result?.Outcome.ToString();
        string? reason = result?.Reason;
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed)
        {
            outcome = nameof(UpgradeOutcome.Failed);
            reason = metadata.FailureDetails?.ErrorMessage ?? "the orchestration failed";
        }
        else if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Terminated)
        {
            outcome = nameof(UpgradeOutcome.Aborted);
            reason = metadata.SerializedOutput ?? "terminated";
        }

        return new UpgradeView(
            metadata.InstanceId,
            metadata.RuntimeStatus.ToString(),
            outcome,
            reason,
            status?.SiteId ?? input?.SiteId,
            status?.Version ?? input?.Version,
            status?.Phase,
            status?.Step,
            status?.RoutingPercentage,
            status?.LatestVerdict,
            status?.Verdicts ?? [],
            status?.Timeline ?? [],
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            statusUri,
            Math.Max(status?.VerdictCount ?? 0, status?.Verdicts.Count ?? 0),
            Math.Max(status?.TimelineCount ?? 0, status?.Timeline.Count ?? 0),
            status?.Build);
    }
}
