using System.Globalization;

namespace Seamless.Api.Requests;

/// <summary>The query of <c>GET /api/plans/{name}?hours=</c> as sent; <see cref="PlanHistory.Parse"/> validates it.</summary>
/// <param name="Hours">How many hours of history, raw.</param>
public sealed record PlanHistoryQuery(string? Hours)
{
    /// <summary>Reads the query from the request (both hosts call this).</summary>
    public static PlanHistoryQuery FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new PlanHistoryQuery(request.Query["hours"].FirstOrDefault());
    }
}

/// <summary>How much of a plan's per-minute history to show.</summary>
/// <param name="Hours">Hours back from now, 0 to <see cref="MaxHours"/>.</param>
public sealed record PlanHistory(int Hours)
{
    /// <summary>Hours shown when the query names none.</summary>
    public const int DefaultHours = 3;

    /// <summary>Most hours one request may ask for.</summary>
    public const int MaxHours = 24;

    /// <summary>Gets the window the hours span.</summary>
    public TimeSpan Window => TimeSpan.FromHours(Hours);

    /// <summary>Validates the query.</summary>
    public static (PlanHistory? History, IReadOnlyList<FieldError> Errors) Parse(PlanHistoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        int hours = DefaultHours;
        if (query.Hours is not null && (!int.TryParse(query.Hours, NumberStyles.None, CultureInfo.InvariantCulture, out hours) || hours > MaxHours))
        {
            return (null, [new FieldError("hours", $"'hours' must be an integer from 0 to {MaxHours}.")]);
        }

        return (new PlanHistory(hours), []);
    }
}
