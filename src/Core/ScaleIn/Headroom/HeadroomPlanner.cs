namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>
/// The capacity a learned setting requires now (pure): the largest wanted size over the setting's hold, and the floor a
/// scale-in keeps (no lower than what the latest minute wants).
/// </summary>
public static class HeadroomPlanner
{
    /// <summary>
    /// Gets the minutes of history, back from now, the estimate reads: for every minute of the longest hold, the level at
    /// the same time a week before (the seasonal term) and that level's own trailing minutes. A shorter history leaves the
    /// hold's earlier minutes without their week ago (the what-if replay passed a week and a minute until stop 31 and
    /// under-read the seasonal term the product's planner reads on its ledger).
    /// </summary>
    public static int HistoryMinutes { get; } = DemandHistory.SeasonalLookBacks[^1] + HeadroomLearner.Holds.Max() + HeadroomLearner.LevelMinutes;

    /// <summary>Estimates the required capacity at the end of the history.</summary>
    /// <param name="history">The plan's demand up to the latest complete minute (at least the hold plus the level's minutes; a day or a week more for the seasonal term).</param>
    /// <param name="learned">What the learner chose.</param>
    /// <param name="settings">The promise and the timing.</param>
    /// <param name="saturation">
    /// Null when the plan is not saturated; otherwise the capacity it must at least grow to. A saturated plan's CPU
    /// reads 100 % whatever the demand, so its busy instances understate the demand: the caller (who sees the
    /// HTTP queue) says so and how far to step; the plan then grows to at least what the latest minute asked for
    /// (<see cref="DemandHistory.AskedAt"/>) with the learned headroom, when that is more.
    /// </param>
    /// <param name="floor">
    /// The plan minimum Seamless holds where the promise broke on bursts beyond reach (<see cref="PromiseFloor.At"/>), until
    /// when and at which hours of the day (null: around the clock); null when none is held now. The plan keeps at least that many instances (at most its maximum).
    /// </param>
    /// <returns>The estimate, or null when the latest minutes have no data (no data, no decision).</returns>
    public static HeadroomEstimate? Estimate(DemandHistory history, LearnedHeadroom learned, HeadroomSettings settings, int? saturation = null, (int Instances, DateTimeOffset Until, HoursOfDay? Hours)? floor = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(settings);
        var setting = learned.Setting;
        var n = history.Minutes;
        if (n == 0 || history.Busy[n - 1] is not { } latest || !double.IsFinite(latest))
        {
            return null;
        }

        var required = settings.Min;
        var level = 0.0;
        double? seasonalNow = null;
        // The seasonal windows of consecutive minutes overlap (a lead and a level's width of each earlier day): each level
        // they read is computed once.
        var seasonalLevels = new Dictionary<int, double?>(setting.Seasonal
            ? DemandHistory.SeasonalLookBacks.Count * (setting.HoldMinutes + settings.LeadMinutes + HeadroomLearner.LevelMinutes + setting.SeasonalEarlyMinutes)
            : 0);
        double? SeasonalLevel(int i)
        {
            if (!seasonalLevels.TryGetValue(i, out var value))
            {
                value = history.LevelAt(i);
                seasonalLevels[i] = value;
            }

            return value;
        }

        for (var t = Math.Max(0, n - setting.HoldMinutes); t < n; t++)
        {
            var levelAt = history.LevelAt(t, setting.LevelMinutes);
            if (levelAt is null)
            {
                continue;
            }

            var seasonal = setting.Seasonal ? DemandHistory.SeasonalAt(SeasonalLevel, t, settings.LeadMinutes, setting.SeasonalEarlyMinutes) : null;
            required = Math.Max(required, HeadroomLearner.Wanted(levelAt.Value, seasonal ?? 0, setting, settings.Min));
            level = levelAt.Value;
            seasonalNow = seasonal;
        }

        // Saturated: at least the step, and at least what the latest minute asked for (its requests turned away say how
        // much more than the CPU shows) with the learned headroom. What it asked is a level the plan knows now, so it
        // gets the headroom any known level gets; ordered bare, with the headroom to follow once they served, the order
        // began to serve a provisioning delay later at full CPU, and a spike just above the plan's size overloaded that
        // minute too (Twitter IBM, outside the repository: 80 → 79 overloaded minutes of 79,465, bench/WhatIf.Bench/NOTEBOOK.md).
        double? latestAsked = saturation is not null && history.AskedAt(n - 1) is { } a && a > latest ? a : null;
        var asked = HeadroomLearner.Wanted(latestAsked ?? 0, 0, setting, settings.Min);
        required = Math.Min(settings.Max, Math.Max(required, Math.Max(saturation ?? 0, asked)));
        var held = floor is { } f && f.Instances > settings.Min ? Math.Min(settings.Max, f.Instances) : (int?)null;
        required = Math.Max(required, held ?? 0);
        var scaleInFloor = Math.Max(required, Math.Min(settings.Max, HeadroomLearner.Wanted(latest, 0, setting, settings.Min)));
        return new HeadroomEstimate(
            settings.BudgetPercent,
            settings.LeadMinutes,
            learned.Burst,
            setting,
            Math.Round(level, 3),
            seasonalNow is { } s ? Math.Round(s, 3) : null,
            required,
            Math.Round(required - level, 3),
            learned.Learned,
            learned.OverloadPercentOnHistory is { } o ? Math.Round(o, 4) : null)
        {
            Latest = Math.Round(latest, 3),
            ScaleInFloor = scaleInFloor,
            LatestAsked = latestAsked is { } l ? Math.Round(l, 3) : null,
            Serving = history.ServingAt(n - 1),
            OverloadPercentOnSameHours = learned.OverloadPercentOnSameHours is { } same ? Math.Round(same, 4) : null,
            OverloadPercentBeyondReach = learned.OverloadPercentBeyondReach is { } beyond ? Math.Round(beyond, 4) : null,
            MinimumToKeepBudget = learned.MinimumToKeepBudget,
            OverloadPercentSeen = learned.OverloadPercentSeen is { } seen ? Math.Round(seen, 4) : null,
            DemandStress = learned.DemandStress is { } stress ? Math.Round(stress, 3) : null,
            DemandStressCauses = learned.DemandStressCauses,
            JudgedScale = learned.JudgedScale,
            MinutesOfData = learned.Learned ? null : learned.CoveredMinutes,
            Promise = learned.Promise,
            PromiseFloor = held,
            PromiseFloorUntil = held is null ? null : floor!.Value.Until,
            PromiseFloorHours = held is null ? null : floor!.Value.Hours,
        };
    }
}
