namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>
/// What a saturated minute asked for (pure). A plan at its limit shows what it served, not what was asked: CPU cannot read
/// above 100 %, so the busy instances of such a minute understate the demand. The requests it turned away are not lost
/// to the metrics: App Service counts every request in the sites' <c>Requests</c>, and those a full queue or a timeout
/// turned away also in <c>Http5xx</c>. When the instances spent their CPU on the requests they served, the demand was the
/// busy instances × requests / served requests.
/// </summary>
public static class SaturatedDemand
{
    /// <summary>The largest factor the estimate raises a minute by (a minute of almost only errors says the plan was down, not how busy).</summary>
    public const double MaxFactor = 10;

    /// <summary>The busy instances a saturated minute asked for.</summary>
    /// <param name="busy">The busy instances the CPU showed.</param>
    /// <param name="requests">The requests of the plan's sites that minute (all outcomes); null without data.</param>
    /// <param name="serverErrors">Their <c>Http5xx</c>; null without data.</param>
    /// <returns>busy × requests / (requests − errors), at most <see cref="MaxFactor"/> × busy and never below busy; null when the sites reported no requests.</returns>
    public static double? Asked(double busy, double? requests, double? serverErrors)
    {
        if (requests is not { } r || !double.IsFinite(r) || r <= 0 || !double.IsFinite(busy))
        {
            return null;
        }

        var errors = serverErrors is { } e && double.IsFinite(e) ? Math.Clamp(e, 0, r) : 0;
        var served = r - errors;
        var factor = served <= r / MaxFactor ? MaxFactor : r / served;
        return Math.Max(0, busy) * factor;
    }
}
