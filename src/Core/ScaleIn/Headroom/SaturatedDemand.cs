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

    /// <summary>Minutes back over which <see cref="Climbing"/> reads the rise.</summary>
    public const int ClimbMinutes = 2;

    /// <summary>Rise over <see cref="ClimbMinutes"/> beyond which what the minutes ask for is still climbing (a single minute's noise on a plateau stays below it).</summary>
    public const double ClimbShare = 0.1;

    /// <summary>
    /// Whether what the minutes ask for is still climbing at the end of the history: the latest minute asked
    /// (<see cref="DemandHistory.AskedAt"/>) more than <see cref="ClimbShare"/> above what the minute
    /// <see cref="ClimbMinutes"/> before it asked, and not less than the minute just before it asked. A climb that has
    /// turned is over: a one-minute spike that fell back still reads as a rise over two minutes, and kept up over the lead
    /// it ordered a second step on top of an order that already carried the spike (nasa: a plan of 5 ordered 10 for a
    /// spike of 8 busy, which fell to 6 the next minute, and then 13). False when either minute has no data.
    /// </summary>
    /// <param name="history">The plan's demand up to the latest complete minute.</param>
    /// <returns>True while the demand climbs.</returns>
    public static bool Climbing(DemandHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Rise(history) is var (now, before)
            && now > before * (1 + ClimbShare)
            && !(history.AskedAt(history.Minutes - 2) is { } previous && now < previous);
    }

    /// <summary>What the latest minute and the minute <see cref="ClimbMinutes"/> before it asked; null when either has no data.</summary>
    private static (double Now, double Before)? Rise(DemandHistory history)
    {
        var n = history.Minutes;
        return n > ClimbMinutes && history.AskedAt(n - 1) is { } now && history.AskedAt(n - 1 - ClimbMinutes) is { } before
            ? (now, before)
            : null;
    }

    /// <summary>
    /// Provisioning delays over which <see cref="Target"/> keeps a climb up before an order is taken to carry it. A ramp
    /// that accelerates outruns its two-minute rise: kept up for one delay, the first unannounced morning of the
    /// business-ramp shape overloaded 0.139 % of its minutes (the budget is 0.1 %); for two, 0.099 %, as without the check.
    /// </summary>
    public const int ClimbLeads = 2;

    /// <summary>
    /// Busy instances the minutes will ask for <paramref name="lead"/> minutes from now if they keep climbing as they did
    /// over the last <see cref="ClimbMinutes"/>: the latest minute's asked × (its rise over those minutes) ^ (lead /
    /// <see cref="ClimbMinutes"/>). Null when either minute has no data or the latest asked for nothing.
    /// </summary>
    /// <param name="history">The plan's demand up to the latest complete minute.</param>
    /// <param name="lead">Minutes ahead.</param>
    /// <returns>The busy instances, or null.</returns>
    public static double? ClimbAhead(DemandHistory history, int lead)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(lead);
        if (Rise(history) is not var (now, before) || now <= 0)
        {
            return null;
        }

        return before <= 0 ? double.PositiveInfinity : now * Math.Pow(Math.Max(1, now / before), (double)lead / ClimbMinutes);
    }

    /// <summary>
    /// The capacity a saturated plan grows to: one step from the instances that serve. The instances it ordered earlier
    /// and that are still starting count towards it, so a plateau that saturates gets one step, not one each minute
    /// until they serve (stepping from the ordered count took a plan asking for 16.2 busy instances from 16 to 30 in
    /// three minutes). While what the minutes ask for still climbs (<see cref="Climbing"/>) and the climb, kept up for
    /// <see cref="ClimbLeads"/> provisioning delays (<see cref="ClimbAhead"/>), asks for more than is ordered, it steps
    /// again on top of what it ordered: a ramp outruns one step within the provisioning delay. An order that already
    /// carries the climb stands (on worldcup98 a climb of 3–5 % a minute took a plan ordered at 27 for 18.6 asked to 30).
    /// </summary>
    /// <param name="history">The plan's demand up to the latest complete minute (what saturated minutes asked included).</param>
    /// <param name="serving">Instances serving in the latest minute (those the metrics show).</param>
    /// <param name="ordered">The plan's capacity: the instances serving plus those still starting.</param>
    /// <param name="step">The scale-out step.</param>
    /// <param name="lead">The provisioning delay, minutes (the climb is kept up for <see cref="ClimbLeads"/> of them).</param>
    /// <returns>The capacity to grow to (it may be no more than <paramref name="ordered"/>: the order stands).</returns>
    public static int Target(DemandHistory history, int serving, int ordered, ScaleOutStep step, int lead)
    {
        ArgumentNullException.ThrowIfNull(step);
        var outruns = Climbing(history) && ClimbAhead(history, ClimbLeads * lead) is { } ahead && ahead > ordered;
        return step.From(outruns ? Math.Max(serving, ordered) : serving);
    }
}
