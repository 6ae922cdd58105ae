using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Core.ScaleIn;
using Seamless.Workflows.Activities;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;
using Seamless.Workflows.State;

namespace Seamless.Api;

/// <summary>
/// Reads the fleet state of the managed plans and sites through the existing ports: the plan and its sites'
/// slots and routing (<see cref="IAppServiceClient"/>), CPU and memory (<see cref="IMetricsClient"/>), the
/// decision journal, veto and leases (<see cref="IStateStore"/>) and the releases (the Durable client).
/// Read-only. An Azure error on one plan or site is reported in its <c>errors</c>, not as a failed request.
/// </summary>
public sealed class FleetReader(
    IAppServiceClient appService,
    IMetricsClient metrics,
    StateActivities state,
    DecisionJournal journal,
    IOptions<SeamlessOptions> options,
    TimeProvider clock)
{
    /// <summary>How many journal entries are read to find the latest decision.</summary>
    public const int JournalDepth = 100;

    /// <summary>The managed plans, in configuration order.</summary>
    public IReadOnlyList<AzureResourceId> ManagedPlans =>
        [.. options.Value.Managed.Plans.Select(p => AzureResourceId.TryParse(p, out _)).OfType<AzureResourceId>()];

    /// <summary>The managed plans named <paramref name="name"/> (case-insensitive; more than one across resource groups).</summary>
    public IReadOnlyList<AzureResourceId> FindPlans(string name) =>
        [.. ManagedPlans.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Reads every managed plan (current metrics only).</summary>
    public async Task<IReadOnlyList<PlanFleetView>> ReadAllAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var sites = await ReadSitesAsync(client, cancellationToken);
        var plans = new List<PlanFleetView>();
        foreach (var plan in ManagedPlans)
        {
            plans.Add(await ReadPlanAsync(plan, sites, TimeSpan.Zero, cancellationToken));
        }

        return plans;
    }

    /// <summary>Reads one managed plan with <paramref name="history"/> of per-minute metrics.</summary>
    public async Task<PlanFleetView> ReadAsync(DurableTaskClient client, AzureResourceId plan, TimeSpan history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sites = await ReadSitesAsync(client, cancellationToken);
        return await ReadPlanAsync(plan, sites, history, cancellationToken);
    }

    private async Task<PlanFleetView> ReadPlanAsync(AzureResourceId plan, IReadOnlyList<(string? PlanId, SiteFleetView View)> sites, TimeSpan history, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        string planId = plan.ToString();
        var errors = new List<string>();
        string publicBase = options.Value.Api.PublicBaseUrl ?? string.Empty;

        PlanState? planState = null;
        try
        {
            planState = await appService.GetPlanAsync(planId, ct);
        }
        catch (AzureRequestException ex)
        {
            errors.Add($"plan: {ex.Message}");
        }

        IReadOnlyList<PlanMetricsNow> minutes = [];
        try
        {
            minutes = await ReadMetricsAsync(planId, now, history > TimeSpan.Zero ? history : TimeSpan.FromMinutes(15), ct);
        }
        catch (AzureRequestException ex)
        {
            errors.Add($"metrics: {ex.Message}");
        }

        var guards = await state.GetPlanGuardsAsync(new PlanGuardsRequest(planId, now), ct);
        var entries = await journal.ListAsync(plan, JournalDepth, ct);
        var decisionEntry = entries.LastOrDefault(e => e.Kind == "decision");
        var decision = decisionEntry is null ? null : DecisionJournal.DecisionOf(decisionEntry);
        var last = entries.Count > 0 ? entries[^1] : null;

        return new PlanFleetView(
            plan.Name,
            planId,
            planState?.Location,
            planState?.SkuName,
            planState?.Capacity,
            planState?.MaximumNumberOfWorkers,
            planState?.ZoneRedundant,
            minutes.LastOrDefault(m => m.CpuPercentage is not null || m.MemoryPercentage is not null),
            history > TimeSpan.Zero ? minutes : null,
            decision is null ? null : PlanDecisionView.From(decisionEntry!.At, decision),
            decision is null ? null : PlanPromiseView.Of(decisionEntry!.At, decision.Headroom),
            PlanPolicyView.Of(options.Value.ScaleIn.PolicyFor(plan), options.Value.ScaleIn.HasOwnPolicy(plan), planState),
            last is null ? null : new PlanEventView(last.At, last.Kind, last.Summary),
            guards.Veto,
            guards.Leases,
            guards.Veto is not null || guards.Leases.Count > 0,
            [.. sites.Where(s => s.PlanId is not null && AzureResourceId.TryParse(s.PlanId, out _) is { } p && p.Equals(plan)).Select(s => s.View)],
            new PlanLinks(ApiLinks.Plan(publicBase, plan.Name), ApiLinks.Decisions(publicBase, planId)),
            errors);
    }

    private async Task<IReadOnlyList<PlanMetricsNow>> ReadMetricsAsync(string planId, DateTimeOffset now, TimeSpan span, CancellationToken ct)
    {
        // Up to the start of the current minute: that minute is still filling.
        var end = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var result = await metrics.QueryAsync(
            new MetricQuery(planId, MetricNames.PlanNamespace, [MetricNames.CpuPercentage, MetricNames.MemoryPercentage], ["Average"], end - span, end, TimeSpan.FromMinutes(1)),
            ct);
        var cpu = Points(result, MetricNames.CpuPercentage);
        var memory = Points(result, MetricNames.MemoryPercentage);
        return [.. cpu.Keys.Union(memory.Keys).Order().Select(t => new PlanMetricsNow(t, cpu.GetValueOrDefault(t), memory.GetValueOrDefault(t)))];
    }

    private static Dictionary<DateTimeOffset, double?> Points(MetricResult result, string name) =>
        result.Of(name).Where(s => s.Instance is null).SelectMany(s => s.Points).Where(p => p.Average is not null)
            .GroupBy(p => p.Timestamp).ToDictionary(g => g.Key, g => g.First().Average);

    private async Task<IReadOnlyList<(string? PlanId, SiteFleetView View)>> ReadSitesAsync(DurableTaskClient client, CancellationToken ct)
    {
        string? publicBase = options.Value.Api.PublicBaseUrl;
        var views = new List<(string?, SiteFleetView)>();
        foreach (string siteText in options.Value.Managed.Sites)
        {
            if (AzureResourceId.TryParse(siteText, out _) is not { } site)
            {
                continue;
            }

            var errors = new List<string>();
            string? planId = null;
            var slots = new List<SlotFleetView>();
            SlotSwapStatus? lastSwap = null;
            try
            {
                var production = await appService.GetSiteAsync(site.ToString(), SlotNames.Production, ct);
                var others = await appService.ListSlotsAsync(site.ToString(), ct);
                var routing = await appService.GetRoutingAsync(site.ToString(), ct);
                planId = production.ServerFarmId;
                lastSwap = production.LastSwap;
                double routed = routing.Sum(r => r.ReroutePercentage);
                var identity = options.Value.BuildIdentity;
                slots.Add(new SlotFleetView(
                    SlotNames.Production,
                    production.State,
                    production.DefaultHostName,
                    production.TargetSwapSlot,
                    Math.Max(0, 100 - routed),
                    await BuildIdentityReader.ReadAsync(appService, site.ToString(), SlotNames.Production, identity, ct)));
                foreach (var s in others)
                {
                    slots.Add(new SlotFleetView(
                        s.Slot,
                        s.State,
                        s.DefaultHostName,
                        s.TargetSwapSlot,
                        routing.Where(r => string.Equals(r.Name, s.Slot, StringComparison.OrdinalIgnoreCase)).Sum(r => r.ReroutePercentage),
                        await BuildIdentityReader.ReadAsync(appService, site.ToString(), s.Slot, identity, ct)));
                }
            }
            catch (AzureRequestException ex)
            {
                errors.Add($"site: {ex.Message}");
            }

            var releases = await UpgradeList.ListAsync(client, new UpgradeListFilter(site, site.Name, null, 10), publicBase, ct);
            views.Add((planId, new SiteFleetView(
                site.Name,
                site.ToString(),
                slots,
                lastSwap,
                releases.FirstOrDefault(r => r.IsActive),
                releases.FirstOrDefault(r => !r.IsActive),
                errors)));
        }

        return views;
    }
}
