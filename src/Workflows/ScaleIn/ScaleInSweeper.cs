using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seamless.Core.Resources;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Orchestration;

namespace Seamless.Workflows.ScaleIn;

/// <summary>One plan's start in a sweep.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="InstanceId">Its scale-in instance.</param>
/// <param name="Started">False when an evaluation of that plan was still running.</param>
public sealed record SweepStart(string PlanId, string InstanceId, bool Started);

/// <summary>
/// The sweep over managed plans that both hosts' timers (and <c>POST /api/scale-in/run</c>) call:
/// one <c>scale-in:{plan}</c> instance per plan, never two at once.
/// </summary>
public sealed partial class ScaleInSweeper(IOptions<SeamlessOptions> options, ScaleInSchedule schedule, TimeProvider clock, ILogger<ScaleInSweeper> logger)
{
    /// <summary>Starts an evaluation of one managed plan, or of all when <paramref name="planId"/> is null.</summary>
    public async Task<IReadOnlyList<SweepStart>> SweepAsync(DurableTaskClient client, string? planId, bool dryRun, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = options.Value;
        var plans = planId is null
            ? settings.Managed.Plans.Select(AzureResourceId.Parse).ToList()
            : [AzureResourceId.Parse(planId)];
        var sweepInterval = schedule.IntervalAfter(clock.GetUtcNow());
        var starts = new List<SweepStart>();
        foreach (var plan in plans)
        {
            if (!settings.IsManagedPlan(plan))
            {
                throw new ArgumentException($"'{plan}' is not in the managed allow-list (Seamless:Managed:Plans).", nameof(planId));
            }

            string instanceId = InstanceIds.ScaleIn(plan) + (dryRun ? ":dry-run" : string.Empty);
            var input = new ScaleInInput(plan.ToString(), dryRun, trigger, settings.ScaleIn.PolicyFor(plan), [.. settings.Managed.Sites], sweepInterval);
            if (await SingletonStart.TryStartAsync(client, WorkflowNames.ScaleInOrchestrator, input, instanceId, cancellationToken))
            {
                starts.Add(new SweepStart(plan.ToString(), instanceId, true));
            }
            else
            {
                LogStillRunning(logger, plan.Name);
                starts.Add(new SweepStart(plan.ToString(), instanceId, false));
            }
        }

        return starts;
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Scale-in of {Plan} is still evaluating; not starting another")]
    private static partial void LogStillRunning(ILogger logger, string plan);
}
