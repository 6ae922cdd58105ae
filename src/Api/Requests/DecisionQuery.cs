using System.Globalization;
using Seamless.Workflows.State;

namespace Seamless.Api.Requests;

/// <summary>The query of <c>GET /api/scale-in/decisions?plan=&amp;limit=</c> as sent; <see cref="DecisionFilter.Parse"/> validates it.</summary>
/// <param name="Plan">A plan resource id, raw.</param>
/// <param name="Limit">How many entries, raw.</param>
public sealed record DecisionQuery(string? Plan, string? Limit)
{
    /// <summary>Reads the query from the request (both hosts call this).</summary>
    public static DecisionQuery FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DecisionQuery(request.Query["plan"].FirstOrDefault(), request.Query["limit"].FirstOrDefault());
    }
}

/// <summary>Which decisions to list: one plan's or every plan's, the newest <paramref name="Limit"/>.</summary>
/// <param name="Plan">The plan, or null for all.</param>
/// <param name="Limit">How many of the newest entries.</param>
public sealed record DecisionFilter(AzureResourceId? Plan, int Limit)
{
    /// <summary>Entries listed when the query names no limit.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Validates the query; the first bad field (plan, then limit) is the one error.</summary>
    public static (DecisionFilter? Filter, IReadOnlyList<FieldError> Errors) Parse(DecisionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        AzureResourceId? plan = null;
        if (!string.IsNullOrEmpty(query.Plan))
        {
            plan = AzureResourceId.TryParse(query.Plan, out string? error);
            if (plan is null || !plan.IsPlan)
            {
                return (null, [NotAPlan(error)]);
            }
        }

        int limit = DefaultLimit;
        if (query.Limit is not null && (!int.TryParse(query.Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > DecisionJournal.MaxLimit))
        {
            return (null, [new FieldError("limit", $"'limit' must be an integer from 1 to {DecisionJournal.MaxLimit}.")]);
        }

        return (new DecisionFilter(plan, limit), []);
    }

    /// <summary>The error of a <c>plan</c> that is not an App Service plan resource id (the query's, or a scale-in run body's).</summary>
    internal static FieldError NotAPlan(string? error) =>
        new("plan", $"'plan' is not an App Service plan resource id. {error}".Trim());
}
