using System.Globalization;

namespace Seamless.Api.Requests;

/// <summary>The query of <c>GET /api/upgrades/{id}/metrics?from=&amp;to=</c> as sent; <see cref="UpgradeMetricsRange.Parse"/> validates it.</summary>
/// <param name="From">The window's start, raw.</param>
/// <param name="To">The window's end, raw.</param>
public sealed record UpgradeMetricsQuery(string? From, string? To)
{
    /// <summary>Reads the query from the request (both hosts call this).</summary>
    public static UpgradeMetricsQuery FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new UpgradeMetricsQuery(request.Query["from"].FirstOrDefault(), request.Query["to"].FirstOrDefault());
    }
}

/// <summary>The window asked of an upgrade's metrics; either end null when not given (the upgrade's own window applies).</summary>
/// <param name="From">The start, or null.</param>
/// <param name="To">The end, or null.</param>
public sealed record UpgradeMetricsRange(DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>Validates the query: each end an ISO 8601 instant with its offset (or Z), or absent.</summary>
    public static (UpgradeMetricsRange? Range, IReadOnlyList<FieldError> Errors) Parse(UpgradeMetricsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<FieldError>();
        var from = Instant(query.From, "from", errors);
        var to = Instant(query.To, "to", errors);
        return errors.Count > 0 ? (null, errors) : (new UpgradeMetricsRange(from, to), errors);
    }

    private static DateTimeOffset? Instant(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length <= 40
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            && value.Year is >= 2000 and <= 9000)
        {
            return value;
        }

        errors.Add(new FieldError(field, $"'{field}' must be an ISO 8601 date and time, e.g. 2026-01-31T09:30:00Z."));
        return null;
    }
}
