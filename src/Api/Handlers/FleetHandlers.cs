using System.Text.RegularExpressions;
using Seamless.Api.Requests;

namespace Seamless.Api.Handlers;

/// <summary>The fleet as operators and the console see it: every managed plan, or one with its history. Keys are checked before these run.</summary>
public sealed partial class FleetHandlers(FleetReader fleet)
{
    /// <summary>
    /// An App Service plan name as <c>/api/plans/{name}</c> accepts it: letters, digits, hyphens and underscores, up to
    /// 60 (\z, not $: '$' also matches before a final newline). The OpenAPI document is checked against it.
    /// </summary>
    public const string PlanNamePattern = @"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}\z";

    /// <summary>GET /api/plans: every managed plan with its sites, metrics now, last decision, veto and leases.</summary>
    public async Task<JsonHttpResult<PlanList>> ListPlansAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var plans = await fleet.ReadAllAsync(client, cancellationToken);
        return TypedResults.Json(new PlanList(plans.Count, plans), WorkflowJson.Options);
    }

    /// <summary>GET /api/plans/{name}?hours=: one managed plan (by name) with per-minute CPU and memory over the last hours (default 3).</summary>
    public async Task<Results<JsonHttpResult<PlanFleetView>, ProblemHttpResult>> GetPlanAsync(PlanHistoryQuery query, DurableTaskClient client, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(client);
        if (!PlanName().IsMatch(name ?? string.Empty))
        {
            return ApiProblems.NotFound("No managed plan has this name.");
        }

        var (history, errors) = PlanHistory.Parse(query);
        if (history is null)
        {
            return ApiProblems.Invalid(errors);
        }

        var plans = fleet.FindPlans(name!);
        if (plans.Count == 0)
        {
            return ApiProblems.NotFound($"No managed plan is named '{name}' (Seamless:Managed:Plans).");
        }

        if (plans.Count > 1)
        {
            return ApiProblems.Conflict($"{plans.Count} managed plans are named '{name}' (in resource groups {string.Join(", ", plans.Select(p => p.ResourceGroup))}); GET /api/plans lists them all.");
        }

        var view = await fleet.ReadAsync(client, plans[0], history.Window, cancellationToken);
        return TypedResults.Json(view, WorkflowJson.Options);
    }

    [GeneratedRegex(PlanNamePattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PlanName();
}
