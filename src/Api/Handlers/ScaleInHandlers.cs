using System.Text.Json;
using Seamless.Api.Requests;
using Seamless.Workflows.Ports;
using Seamless.Workflows.ScaleIn;
using Seamless.Workflows.State;

namespace Seamless.Api.Handlers;

/// <summary>Scale-in on request (a run or a dry run) and its decision journal. Keys are checked before these run.</summary>
public sealed class ScaleInHandlers(
    ScaleInSweeper sweeper,
    ScaleInPreview preview,
    FleetReader fleet,
    DecisionJournal journal,
    IOptions<SeamlessOptions> options)
{
    /// <summary>
    /// POST /api/scale-in/run: one plan or all. Without <c>dryRun</c>, starts the evaluations (202, their instance ids);
    /// with it, evaluates each plan in the request and answers 200 with the decisions, writing nothing.
    /// </summary>
    public async Task<Results<JsonHttpResult<ScaleInRuns>, JsonHttpResult<ScaleInDryRun>, ProblemHttpResult>> RunAsync(JsonRequestBody? body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        string? plan = null;
        bool dryRun = false;
        if (body is not null)
        {
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            var errors = ParseRunBody(body.Bytes!, out plan, out dryRun);
            if (errors.Count > 0)
            {
                return ApiProblems.Invalid(errors);
            }
        }

        AzureResourceId? planId = null;
        if (plan is not null)
        {
            planId = AzureResourceId.TryParse(plan, out string? error);
            if (planId is null || !planId.IsPlan)
            {
                return ApiProblems.Invalid([DecisionFilter.NotAPlan(error)]);
            }

            if (!options.Value.IsManagedPlan(planId))
            {
                return ApiProblems.NotManaged([new FieldError("plan", $"'{planId}' is not in the managed allow-list (Seamless:Managed:Plans).")]);
            }
        }

        if (dryRun)
        {
            // Decided here, in the request, and nothing written: no orchestration, no journal entry, no capacity record.
            var decisions = new List<DryRunDecision>();
            IReadOnlyList<AzureResourceId> targets = planId is null ? fleet.ManagedPlans : [planId];
            foreach (var target in targets)
            {
                try
                {
                    decisions.Add(new DryRunDecision(target.ToString(), target.Name, Decision: await preview.EvaluateAsync(target, cancellationToken)));
                }
                catch (AzureRequestException ex)
                {
                    decisions.Add(new DryRunDecision(target.ToString(), target.Name, Error: ex.Message));
                }
            }

            return TypedResults.Json(new ScaleInDryRun(dryRun, decisions), WorkflowJson.Options);
        }

        var starts = await sweeper.SweepAsync(client, planId?.ToString(), dryRun, "api", cancellationToken);
        return TypedResults.Json(new ScaleInRuns(dryRun, starts), statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>GET /api/scale-in/decisions?plan=&amp;limit=.</summary>
    public async Task<Results<JsonHttpResult<DecisionList>, ProblemHttpResult>> GetDecisionsAsync(DecisionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (filter, errors) = DecisionFilter.Parse(query);
        if (filter is null)
        {
            return ApiProblems.Invalid(errors);
        }

        var entries = await journal.ListAsync(filter.Plan, filter.Limit, cancellationToken);
        return TypedResults.Json(new DecisionList(filter.Plan?.ToString(), entries.Count, entries), WorkflowJson.Options);
    }

    private static List<FieldError> ParseRunBody(byte[] body, out string? plan, out bool dryRun)
    {
        plan = null;
        dryRun = false;
        var errors = new List<FieldError>();
        using var doc = PayloadJson.TryParse(body, out var jsonError);
        if (doc is null)
        {
            errors.Add(jsonError!);
            return errors;
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("$", "The body must be a JSON object."));
            return errors;
        }

        PayloadJson.RefuseUnknownFields(doc.RootElement, ["plan", "dryRun"], errors);
        plan = PayloadJson.OptionalString(doc.RootElement, "plan", "plan", errors);
        if (doc.RootElement.TryGetProperty("dryRun", out var d))
        {
            if (d.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                dryRun = d.GetBoolean();
            }
            else if (d.ValueKind != JsonValueKind.Null)
            {
                errors.Add(new FieldError("dryRun", "'dryRun' must be a boolean."));
            }
        }

        return errors;
    }
}
