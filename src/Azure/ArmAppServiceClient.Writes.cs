using Azure.Core;
using Seamless.Azure.Http;
using Seamless.Azure.Models;
using Seamless.Core.Model;
using Seamless.Core.Resources;
using Seamless.Workflows.Ports;
using Seamless.Core.Time;

namespace Seamless.Azure;

/// <content>Writes: slot config, swap, routing rules and plan capacity.</content>
public sealed partial class ArmAppServiceClient
{
    /// <inheritdoc/>
    public async Task ApplySlotConfigAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        ArgumentException.ThrowIfNullOrEmpty(sourceSlot);
        if (SlotNames.IsProduction(sourceSlot))
        {
            throw new ArgumentException("Swap with preview applies configuration to a non-production source slot.", nameof(sourceSlot));
        }

        if (string.Equals(sourceSlot, SlotNames.Normalize(targetSlot), StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The source and target slots must differ.", nameof(targetSlot));
        }

        // Production target: WebApps_ApplySlotConfigToProduction takes the *source* slot as targetSlot (as
        // the CLI does). Slot target: WebApps_ApplySlotConfigurationSlot on the source with the target.
        (string path, string bodySlot) = SlotNames.IsProduction(targetSlot)
            ? ($"{site}/applySlotConfig", sourceSlot)
            : ($"{site}/slots/{sourceSlot}/applySlotConfig", targetSlot);
        string target = SlotNames.Normalize(targetSlot);
        Logs.ApplyingSlotConfig(_logger, site.Name, sourceSlot, target);
        BinaryData body = BinaryData.FromObjectAsJson(new CsmSlotEntity { TargetSlot = bodySlot, PreserveVnet = true }, AzureJsonContext.Default.CsmSlotEntity);
        Uri uri = Arm(path);
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Post, uri, body, cancellationToken);
        await _rest.WaitForCompletionAsync(result, "applySlotConfig", uri, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task ResetSlotConfigAsync(string siteId, string? slot, CancellationToken cancellationToken)
    {
        AzureResourceId id = SlotId(siteId, slot);
        string slotName = SlotNames.Normalize(id.Slot);
        Logs.ResettingSlotConfig(_logger, id.Name, slotName);
        Uri uri = Arm($"{id}/resetSlotConfig");
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Post, uri, null, cancellationToken);
        await _rest.WaitForCompletionAsync(result, "resetSlotConfig", uri, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SwapAsync(string siteId, string sourceSlot, string targetSlot, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        string source = SlotNames.Normalize(sourceSlot);
        string target = SlotNames.Normalize(targetSlot);
        if (string.Equals(source, target, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The source and target slots must differ.", nameof(targetSlot));
        }

        // Slot source: WebApps_SwapSlot on the source slot. Production source: WebApps_SwapSlotWithProduction,
        // whose targetSlot is the other slot.
        string path = SlotNames.IsProduction(source) ? $"{site}/slotsswap" : $"{site}/slots/{source}/slotsswap";
        Logs.Swapping(_logger, site.Name, source, target);
        BinaryData body = BinaryData.FromObjectAsJson(new CsmSlotEntity { TargetSlot = target, PreserveVnet = true }, AzureJsonContext.Default.CsmSlotEntity);
        Uri uri = Arm(path);
        // Sent once: a swap is a toggle, and a pipeline retry could land after an earlier attempt completed and
        // swap back. The activity re-checks the last swap before it tries again.
        RestResult result = await _rest.SendExpectingSuccessAsync(RequestMethod.Post, uri, body, cancellationToken, retry: false);
        await _rest.WaitForCompletionAsync(result, "slotsswap", uri, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SetRoutingAsync(string siteId, IReadOnlyList<RoutingRule> rules, CancellationToken cancellationToken)
    {
        AzureResourceId site = SiteId(siteId);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (RoutingRule rule in rules)
        {
            ArgumentException.ThrowIfNullOrEmpty(rule.Name, nameof(rules));
            ArgumentException.ThrowIfNullOrEmpty(rule.ActionHostName, nameof(rules));
            ArgumentOutOfRangeException.ThrowIfNegative(rule.ReroutePercentage, nameof(rules));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(rule.ReroutePercentage, 100, nameof(rules));
        }

        double total = rules.Sum(r => r.ReroutePercentage);
        Logs.SettingRouting(_logger, site.Name, rules.Count, total);
        var patch = new SiteConfigResource
        {
            Properties = new SiteConfigProperties
            {
                Experiments = new ExperimentsModel
                {
                    RampUpRules = rules.Select(r => new RampUpRuleModel
                    {
                        Name = r.Name,
                        ActionHostName = r.ActionHostName,
                        ReroutePercentage = r.ReroutePercentage,
                    }).ToList(),
                },
            },
        };
        BinaryData body = BinaryData.FromObjectAsJson(patch, AzureJsonContext.Default.SiteConfigResource);
        await _rest.SendExpectingSuccessAsync(RequestMethod.Patch, Arm($"{site}/config/web"), body, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<PlanState> SetPlanCapacityAsync(string planId, int capacity, CancellationToken cancellationToken) =>
        SetPlanCapacityAsync(planId, capacity, null, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// A capacity change still running on the plan ends first: ours, sent before a crash and now resumed,
    /// or anyone's. Until it ends the plan shows the old capacity and ARM refuses writes with 409 "another
    /// operation is in progress", so a resumed activity would otherwise fail on its own earlier write (or,
    /// later, write twice). Waiting is bounded by <see cref="BusyPlanWait"/>.
    /// </remarks>
    public async Task<PlanState> SetPlanCapacityAsync(string planId, int capacity, int? expectedCapacity, CancellationToken cancellationToken)
    {
        AzureResourceId plan = PlanId(planId);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        DateTimeOffset deadline = _time.GetUtcNow() + BusyPlanWait;
        while (true)
        {
            PlanResource current = await ReadPlanAsync(plan, cancellationToken);
            if (IsChanging(current))
            {
                // A write now is refused for certain; past the wait, fail retryably and let the caller decide.
                if (_time.GetUtcNow() >= deadline)
                {
                    throw new AzureConflictException("PlanBusy", $"Plan {plan.Name} still has an operation in progress after {BusyPlanWait}.");
                }

                Logs.PlanBusy(_logger, plan.Name, capacity);
                await SimulatedClock.DelayAsync(_time, _options.PollInterval, cancellationToken);
                continue;
            }

            SkuDescription sku = current.Sku ?? throw new AzureResponseFormatException("The plan has no sku.");
            if (sku.Capacity == capacity)
            {
                // Idempotent: an activity retried after success must not write (and restart nothing) again.
                Logs.CapacityUnchanged(_logger, plan.Name, capacity);
                return ToPlanState(current, plan);
            }

            if (expectedCapacity is { } expected && sku.Capacity != expected)
            {
                // The decision was taken on another capacity: someone changed the plan since, and their change stands.
                Logs.CapacitySuperseded(_logger, plan.Name, expected, sku.Capacity ?? 0, capacity);
                return ToPlanState(current, plan);
            }

            // AppServicePlans_CreateOrUpdate with the full body from GET (what the CLI does); PATCH has no sku.
            Logs.CapacityChanging(_logger, plan.Name, sku.Capacity ?? 0, capacity);
            sku.Capacity = capacity;
            BinaryData body = BinaryData.FromObjectAsJson(current, AzureJsonContext.Default.PlanResource);
            Uri uri = Arm(plan.ToString());
            RestResult result;
            try
            {
                result = await _rest.SendExpectingSuccessAsync(RequestMethod.Put, uri, body, cancellationToken);
            }
            catch (AzureConflictException) when (_time.GetUtcNow() < deadline)
            {
                // Another operation runs on the plan (its state may not say so): wait, then read again.
                Logs.PlanBusy(_logger, plan.Name, capacity);
                await SimulatedClock.DelayAsync(_time, _options.PollInterval, cancellationToken);
                continue;
            }

            RestResult final = await _rest.WaitForCompletionAsync(result, "plan capacity", uri, cancellationToken);
            if (ReferenceEquals(final, result) && result.Status == 200 && result.TryRead(AzureJsonContext.Default.PlanResource) is { Sku: not null } written)
            {
                return ToPlanState(written, plan);
            }

            return await GetPlanAsync(planId, cancellationToken);
        }
    }

    /// <summary>ARM shows a plan whose scale operation is still running with provisioningState InProgress.</summary>
    private static bool IsChanging(PlanResource plan) =>
        string.Equals(PropertiesOf(plan)?.ProvisioningState, "InProgress", StringComparison.OrdinalIgnoreCase);

    private static PlanProperties? PropertiesOf(PlanResource plan) =>
        plan.Properties is { ValueKind: System.Text.Json.JsonValueKind.Object } raw
            ? System.Text.Json.JsonSerializer.Deserialize(raw, AzureJsonContext.Default.PlanProperties)
            : null;
}
