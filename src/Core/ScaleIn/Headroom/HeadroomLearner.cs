namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>
/// Learns how much headroom a plan needs to keep the overload budget, from the plan's own demand history.
/// The promise is the operator's: at most <see cref="HeadroomSettings.BudgetPercent"/> of minutes overloaded (a
/// minute is overloaded when the trailing 5-minute mean utilisation exceeds 100 %, as the what-if judges). Seamless
/// keeps <c>wanted = ⌈level × multiplier⌉</c> instances (the level being the 5-minute mean demand, or the demand at the
/// same time yesterday / a week ago when that is higher and the seasonal term is chosen), scales out as soon as wanted
/// exceeds the capacity and scales in only to the largest wanted of the last <c>hold</c> minutes. Which multiplier,
/// hold and seasonal term is not a constant: candidates are replayed on the plan's own history (the
/// counterfactual, at the sweep cadence and with the provisioning delay) and the cheapest one that keeps the budget on
/// that history with room to spare is chosen. A setting serves the hour until the next learning, so once the window
/// holds <see cref="SameHoursDays"/> days it is judged where that hour recurs: the cheapest on the same hours of the
/// earlier days (<see cref="SameHoursMargin"/> either side) whose overload there stays within <see cref="SafetyShare"/>
/// of the budget, while the whole window stays within <see cref="WindowShare"/> of it. A plan whose bursts come at
/// certain hours keeps their headroom at those hours, not all day. When even the most cautious setting (<see cref="Cautious"/>)
/// overloads the window beyond that share — a burst no headroom of the grid carries in time — the window is judged on
/// what a candidate overloads beyond it (<see cref="LearnedHeadroom.OverloadPercentBeyondReach"/>); the same hours stay
/// judged within their share. A plan that overloaded more than <see cref="OverspentShare"/> of the budget over the whole
/// history it holds (<see cref="DemandHistory.OverloadedMinutesSeen"/>: the learning window and the week before it, kept
/// for the seasonal term) is learned on all of it: bursts at random hours, a few days apart, leave a window of four days
/// before the next one comes (on a Twitter arrival trace outside the repository the window alone overloaded 0.128 % of
/// 55 days). Among the candidates that keep it, the cheapest is the one expected to cost least in the
/// hour it serves: its cost per minute on the minutes judged, or for a seasonal one at least what its seasonal term
/// already asks of that hour (<see cref="SeasonalAhead"/>: yesterday's and last week's levels there are known now) — a
/// one-off crowd at this hour yesterday makes pre-scaling dear today, which the history it was judged on does not show
/// (on nasa the day after the STS-70 launch held 13–18 instances for a demand of 3–4). A candidate is judged against what each
/// minute asked for (<see cref="DemandHistory.AskedAt"/>): a saturated minute's busy instances show only what the plan
/// then served, so judged by them alone the bursts that hurt look harmless. The replay still sizes a candidate on the
/// level as it was served (<see cref="DemandHistory.ServedLevels"/>), where the planner sizes on what was asked: sized
/// on what was asked, the replay grew after each saturated burst as the plan never did, the learner chose less headroom,
/// and two real traces outside the repository overloaded more (Twitter CVS 0.097 → 0.102 %, an auto-scaling group 0.100 →
/// 0.108 %); the difference is a margin the default relies on, as it does on the sweep's own scale-in rules. Per level
/// width, hold and seasonal choice the smallest multiplier that keeps it is found by bisection over
/// <see cref="Multipliers"/>, which relies on overload not
/// growing with the multiplier (more instances at every minute); on the five public traces it chose exactly what scoring
/// every multiplier chose (re-checked with the 27-step grid: the same figures), with at most 180 replays instead of 972
/// (twice that after a burst beyond reach, and a bisection over the plan's minimum to name the one that would have kept the
/// budget, <see cref="LearnedHeadroom.MinimumToKeepBudget"/>).
/// Pure and deterministic.
/// </summary>
public static class HeadroomLearner
{
    /// <summary>Minutes of the trailing mean the level and the overload promise use.</summary>
    public const int LevelMinutes = 5;

    /// <summary>
    /// Share of the budget the chosen setting may use on the minutes it is judged on (the same hours of the earlier days,
    /// or the whole window while it is shorter than <see cref="SameHoursDays"/>): the future repeats the past only
    /// roughly, so the past must be kept with room to spare. A half keeps the five public traces and their twenty variants
    /// too, with thinner margins (0.081 % on two alibaba variants where a quarter keeps 0.046 % and less).
    /// </summary>
    public const double SafetyShare = 0.25;

    /// <summary>
    /// Share of the budget the chosen setting may use on the whole window when it is judged on the same hours: the other
    /// hours may spend more than <see cref="SafetyShare"/> (they get their own setting when they come), but not without
    /// limit — a burst at a new hour must still find headroom. The whole budget there broke alibaba reversed (0.162 %).
    /// </summary>
    public const double WindowShare = 0.5;

    /// <summary>
    /// Share of the budget a plan may have overloaded over the whole history the learner holds before it learns on all of
    /// it rather than the learning window (<see cref="LearnedHeadroom.OverloadPercentSeen"/>). With the whole budget the
    /// Twitter trace overloaded 0.100 % (and google cost as much); half of it keeps 0.086 %. Read against the instances
    /// serving (exact), the whole budget or three quarters of it let the Twitter GOOG trace overload 0.126 % and 0.112 %.
    /// </summary>
    public const double OverspentShare = 0.5;

    /// <summary>
    /// Share of the budget the plan minimum a learning names (<see cref="LearnedHeadroom.MinimumToKeepBudget"/>) keeps on
    /// its history where the plan's own minimum did not keep the promise: the margin the learner keeps on the hours it
    /// judges (<see cref="SafetyShare"/>). Named to keep the whole budget exactly, the floor let each later burst just
    /// beyond the earlier ones overload a minute or two, and a real disk-write trace outside the repository overloaded
    /// 0.118 % of its minutes (0.085 % with the margin, at the same cost; bench/WhatIf.Bench/NOTEBOOK.md).
    /// </summary>
    public const double NamedMinimumShare = SafetyShare;

    /// <summary>
    /// The most instances the margin (<see cref="NamedMinimumShare"/>) may cost, as a multiple of the minimum that keeps
    /// the whole budget: where it costs more, the history's bursts lie far above the plan and the margin would hold a
    /// spike's size around the clock (every margin on a Twitter trace outside the repository: 1.240 → 2.844 × the oracle
    /// for a promise it kept already); the whole budget's minimum is named there.
    /// </summary>
    public const double NamedMinimumMarginLimit = 1.5;

    /// <summary>
    /// Overloaded minutes a budget must allow on a learning window to be told kept or not from it (the rule of three);
    /// below, the learner judges against demand raised by the extrapolated tail of the plan's rises (<see cref="DemandStress"/>).
    /// </summary>
    public const double ResolvableMinutes = 3;

    /// <summary>The largest rises the tail of a plan's rises is fitted on (<see cref="DemandStress"/>).</summary>
    public const int TailSample = 20;

    /// <summary>
    /// The provisioning delay the learner's shares of the budget (<see cref="SafetyShare"/>, <see cref="WindowShare"/>) were
    /// measured at: App Service's, the policy's default. At a longer one the learner judges against demand raised as well
    /// (<see cref="DemandStress"/>).
    /// </summary>
    public const int SharesMeasuredAtDelayMinutes = ScaleInPolicy.DefaultProvisioningDelayMinutes;

    /// <summary>
    /// Minutes fewer than the provisioning delay that a burst just beyond the headroom stays overloaded: the trailing
    /// 5-minute mean crosses 100 % only once a few saturated minutes are in it (from the utilisation the headroom kept
    /// before), and the saturated minutes are the one the metric takes to show the burst and the delay's. So such a burst
    /// overloads about 2 minutes at 3 minutes' delay and 4 at 5. On alibaba the same four bursts overloaded 5 minutes at a
    /// 3-minute delay and 11 at 5 (docs/benchmarks.md); a burst far beyond the headroom overloads longer at either delay.
    /// </summary>
    public const int MarginalBurstMinutesShort = 1;

    /// <summary>Minutes a learned setting serves: the learner runs again each hour.</summary>
    public const int ServedMinutes = 60;

    /// <summary>
    /// Minutes either side of the served hour that count as the same hours on earlier days (with one hour: 13:00–16:00
    /// for the hour from 14:00). Two hours either side and half an hour measured within 0.5 % of one.
    /// </summary>
    public const int SameHoursMargin = 60;

    /// <summary>Days of window from which a setting is judged on the same hours (with fewer, an hour recurs too seldom to tell).</summary>
    public const int SameHoursDays = 2;

    /// <summary>
    /// Minutes of data after which the learner may choose any multiplier (<see cref="WarmUpFloor"/>). Four hours: on
    /// alibaba the sudden jumps of the first hours overloaded 12 minutes with one hour or none (0.139 %) and 6 with two or
    /// more; on a real EC2 trace outside the repository three hours let a noisy first morning overload 2 minutes more. Six
    /// hours were needed only while a hold longer than half the history could be chosen (<see cref="HoldsJudgedOn"/>): with
    /// four, a burst at the top of every hour then overloaded 0.109 % of the minutes (bench/WhatIf.Bench/NOTEBOOK.md).
    /// </summary>
    public const int WarmUpMinutes = 4 * 60;

    /// <summary>Fewest minutes with data before the history is trusted; until then <see cref="ColdStart"/> is used.</summary>
    public const int MinimumMinutes = 120;

    /// <summary>Headroom multipliers the search tries (1.25 = keep 25 % more instances than the level).</summary>
    /// <remarks>
    /// Steps of 2.5 % up to ×1.6 (on a plan of 20–40 busy instances one instance is 2.5–5 % of headroom), then ×1.75 and ×2.
    /// Coarser steps above ×1.2 (×1.25, 1.3, 1.4, 1.5) made a plan that needed ×1.31 pay for ×1.4: nasa 1.655 → 1.627 × the
    /// oracle with the finer steps, the same overload everywhere (bench/WhatIf.Bench/NOTEBOOK.md).
    /// </remarks>
    public static readonly IReadOnlyList<double> Multipliers = [.. Enumerable.Range(0, 25).Select(i => Math.Round(1 + (0.025 * i), 3)), 1.75, 2.0];

    /// <summary>
    /// Level widths the search tries (<see cref="HeadroomSetting.LevelMinutes"/>): the 5-minute mean the promise is judged
    /// on, and 4- and 3-minute means that follow a rise one and two minutes sooner, so a plan whose rises come over minutes
    /// needs less headroom to carry them; a plan whose single minutes are noisy keeps the 5-minute one. Narrower widths
    /// broke the budget on workloads the default was not tuned on (bench/WhatIf.Bench/NOTEBOOK.md).
    /// </summary>
    public static readonly IReadOnlyList<int> LevelWidths = [LevelMinutes, 4, 3];

    /// <summary>
    /// Minutes of data before a level narrower than <see cref="LevelMinutes"/> is offered: on a short history the narrower
    /// level's lower headroom looks safe before the day's bursts were seen (alibaba's second half, a cold start mid-workload,
    /// overloaded 0.093 % with it offered from the start, 0.046 % with a day's wait).
    /// </summary>
    public const int NarrowLevelAfterMinutes = Day;

    /// <summary>
    /// Busy instances a plan is judged as if it carried on average while its history is younger than
    /// <see cref="SameHoursDays"/> (<see cref="JudgedScale"/>). A plan of two to five busy instances rounds every size up
    /// by 20–50 % of its level at a phase that moves with the level: on a day or two of history the bursts it lived through
    /// found that slack or did not by chance, and a setting thinner than the bursts need looks safe. Judged at ten busy
    /// instances, where a whole instance is a tenth of the level, the setting has to carry them itself. On alibaba replayed
    /// on a plan of 5 instances at its peak the default overloaded 0.185 % of the minutes (and its twice-as-fast variant
    /// 0.139 %), 0.058 % and 0 % judged so, for 0.8 % more on nasa (1.564 → 1.576 × the oracle: its first two days at 2–3
    /// busy instances). Judged so on every history, not only a young one, the small plans paid for slack they did not need
    /// (nasa 1.666 ×; bench/WhatIf.Bench/NOTEBOOK.md).
    /// </summary>
    public const int RoundingFreeBusyInstances = 10;

    /// <summary>The largest <see cref="JudgedScale"/>: a near-idle plan is judged as if its level were a tenth of <see cref="RoundingFreeBusyInstances"/> or more.</summary>
    public const int MaxJudgedScale = 10;

    /// <summary>Scale-in holds the search tries (minutes the largest wanted size is kept).</summary>
    /// <remarks>
    /// Up to 30 minutes a hold rides out a dip; the 2- and 6-hour holds keep a burst's size through the quiet hours after it,
    /// for plans whose bursts come again within hours at no hour of the day in particular (no headroom on a trailing level
    /// carries a ×3 jump inside the provisioning delay; capacity still held from the last one does). On a Twitter arrival
    /// trace outside the repository without them: 0.158 % overloaded, with them 0.085 %. The public traces chose them too,
    /// where a long hold at a smaller multiplier cost less (nasa 1.624 → 1.591 × the oracle). A 1-hour hold cost alibaba two
    /// overloaded minutes; 12- and 24-hour holds priced another Twitter trace at 2.2 × its oracle for no budget it lacked.
    /// </remarks>
    public static readonly IReadOnlyList<int> Holds = [5, 10, 20, 30, 120, 360];

    /// <summary>
    /// The holds a history of <paramref name="minutes"/> can judge: those no longer than half of it. A replay starts sized
    /// for the history's first level, and a hold keeps that size for its length whatever came after; judged on a history
    /// not twice as long, a long hold at a small multiplier looks safe because the replay never had to grow. On a shape with
    /// a burst at the top of every hour, a 2-hour and then a 6-hour hold at ×1 were chosen from three and four hours of
    /// history that began in a burst, and the next bursts found the plan small.
    /// </summary>
    /// <param name="minutes">Minutes of history the replay runs over.</param>
    /// <returns>The holds, shortest first.</returns>
    public static IEnumerable<int> HoldsJudgedOn(int minutes) => Holds.Where(hold => 2 * hold <= minutes);

    /// <summary>Without and with the seasonal term.</summary>
    private static readonly bool[] SeasonalChoices = [false, true];

    /// <summary>
    /// The setting used when no candidate keeps the budget on the history: the largest multiplier, held 30 minutes, with the
    /// seasonal term.
    /// </summary>
    public static HeadroomSetting Prior { get; } = new(Multipliers[^1], 30, Seasonal: true);

    /// <summary>
    /// The setting used before the history holds <see cref="MinimumMinutes"/> of data: the headroom the warm-up floor
    /// allows when learning begins (<see cref="WarmUpFloor"/> at <see cref="MinimumMinutes"/>: ×1.5), so the first learned
    /// setting takes over at no lower a floor than it served, held an hour. An unseen plan's first jumps are carried by
    /// the capacity held from the last one more than by the headroom on every minute: on a real load-balancer trace outside
    /// the repository whose requests jumped ×3 within its first hours, ×2 held 5 minutes overloaded 21 minutes, held 30
    /// minutes 16 and ×1.5 held an hour 16 too; alibaba at ×1.5 held an hour costs 2175.7 instance-hours, at ×2 held 30
    /// minutes (<see cref="Prior"/>, which served the cold start until stop 44) 2183.9 (docs/benchmarks.md).
    /// </summary>
    public static HeadroomSetting ColdStart { get; } = new(WarmUpFloor(MinimumMinutes), 60, Seasonal: true);

    /// <summary>
    /// Minutes before the same time of the earlier days from which the prior's seasonal term pre-scales when the plan has
    /// overspent (<see cref="OverspentShare"/>) and no candidate keeps the budget (<see cref="HeadroomSetting.SeasonalEarlyMinutes"/>):
    /// its recurring rises are the ones that did not recur to the minute. On two real EC2 traces outside the repository a
    /// nightly job of 13–20 instances' worth from 1–2 came 5–80 minutes earlier or later from night to night, and each night
    /// it came earlier than the night before it found the plan small (bench/WhatIf.Bench/NOTEBOOK.md).
    /// </summary>
    public const int OverspentSeasonalEarlyMinutes = 30;

    /// <summary>
    /// Minutes before the same time of the earlier days from which the prior's seasonal term may read on a plan that did not
    /// overspend (<see cref="HeadroomSetting.SeasonalEarlyMinutes"/>), besides the same time itself: the prior serves where
    /// no candidate keeps the budget, and its own replay of the window chooses, reading early only where that overloads
    /// fewer minutes there. A nightly job that came 10–20 minutes earlier than the night before and the week before found
    /// a plan of 2 at its own hour: on a real EC2 trace outside the repository replayed on a plan of 10 instances at its
    /// peak, the prior that read from the same time overloaded 0.109 % of the minutes (22 where 20.2 are allowed), one that
    /// chose its reading 0.079 % at 7 % fewer instance-hours; the plan had not overloaded half its budget, so the overspent
    /// plan's half hour (<see cref="OverspentSeasonalEarlyMinutes"/>) did not apply. Read 30 minutes early wherever the prior
    /// served, worldcup98 went past 1.05 × its frontier and three Twitter traces cost 2–4 % more (bench/WhatIf.Bench/NOTEBOOK.md).
    /// </summary>
    public static readonly IReadOnlyList<int> PriorSeasonalEarlyChoices = [15, 30, 60];

    /// <summary>
    /// The most cautious setting of the grid: the largest multiplier held the longest, with the seasonal term. What it still
    /// overloads on the window is a burst beyond reach (<see cref="LearnedHeadroom.OverloadPercentBeyondReach"/>).
    /// </summary>
    public static HeadroomSetting Cautious { get; } = new(Multipliers[^1], Holds[^1], Seasonal: true);

    /// <summary>Minutes in a day (the seasonal look-back; a week is seven of them).</summary>
    public const int Day = 24 * 60;

    /// <summary>Learns the setting from the history.</summary>
    /// <param name="history">The plan's demand, per minute, oldest first (the learning window plus up to a week before it for the seasonal term).</param>
    /// <param name="settings">The promise and the platform's timing.</param>
    /// <returns>The chosen setting with the evidence for it.</returns>
    public static LearnedHeadroom Learn(DemandHistory history, HeadroomSettings settings)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(settings);
        // Candidates size on the level as served (the class summary says why); the seasonal term reads what the minutes
        // asked for, as the planner does: a rise met late reads low in what was served.
        var levels = history.ServedLevels(LevelMinutes);
        var askedLevels = history.Levels();
        // What each minute asked, read once: every candidate's replay reads every minute of it.
        var asked = new double?[history.Minutes];
        for (var t = 0; t < asked.Length; t++)
        {
            asked[t] = history.AskedAt(t);
        }

        var seasonal = SeasonalLevels(askedLevels, settings.LeadMinutes);
        var seasonalAhead = SeasonalAhead(askedLevels, settings.LeadMinutes);
        // The overload the plan's own history shows: beyond its share of the budget, the learner remembers all it holds.
        int FirstWithData(int start)
        {
            while (start < history.Minutes && history.LevelAt(start) is null)
            {
                start++;
            }

            return start;
        }

        var held = FirstWithData(0);
        var overloaded = history.OverloadedMinutes(held);
        var seen = overloaded.Count(o => o);
        var promise = PromiseAccount.Of(history, settings.BudgetPercent, held, overloaded);
        double? overspent = history.Covered > 0 && seen > OverspentShare * settings.BudgetPercent / 100 * history.Covered
            ? 100.0 * seen / history.Covered
            : null;
        // The window starts at its first minute with data: the replay begins sized for that minute's level.
        var from = overspent is null ? FirstWithData(Math.Max(0, history.Minutes - settings.LearningMinutes)) : held;

        // Minutes with data in the window, and among them the minutes a candidate is judged on.
        var sameHours = history.Minutes - from >= SameHoursDays * Day ? history.SameHoursOfDay(ServedMinutes, SameHoursMargin) : null;
        var covered = 0;
        var judged = 0;
        var billedJudged = 0;
        for (var i = from; i < history.Minutes; i++)
        {
            var isJudged = sameHours is null || sameHours[i];
            billedJudged += isJudged ? 1 : 0;
            if (history.Busy[i] is { } b && double.IsFinite(b))
            {
                covered++;
                judged += isJudged ? 1 : 0;
            }
        }

        var rises = RiseRatios(levels, history, from, settings);
        var burst = Burst(rises, settings);
        var (stress, stressCauses) = DemandStress(rises, settings, covered);

        if (covered < MinimumMinutes)
        {
            return new LearnedHeadroom(ColdStart, burst, covered, null, null, Learned: false, Candidates: 0) { Promise = promise };
        }

        // A young history of a small plan is judged as if the plan were larger (RoundingFreeBusyInstances): the candidates'
        // replays read the demand, the minimum and the maximum that many times over, and their instances count back.
        var scale = sameHours is null ? JudgedScale(asked, from) : 1;
        var judgedAsked = scale == 1 ? asked : [.. asked.Select(a => a * scale)];
        var judgedSeasonal = Scaled(seasonal, scale);
        var judgedSettings = scale == 1 ? settings : settings with { Min = settings.Min * scale, Max = settings.Max * scale };
        Scored? best = null;
        var candidates = 0;
        var floor = WarmUpFloor(covered);
        var allowed = SafetyShare * settings.BudgetPercent / 100 * judged;
        // Learned on more than the window (overspent), the window's allowance stays what the window alone would have had:
        // remembering more must not buy more overload.
        var allowedOnWindow = (sameHours is null ? SafetyShare : WindowShare) * settings.BudgetPercent / 100 * Math.Min(covered, settings.LearningMinutes);
        // Per level width, scale-in hold and seasonal choice, the smallest multiplier that keeps the budget on the history, found by
        // bisection (a larger multiplier keeps at least as many instances, so overload does not grow with it); the
        // cheapest of those on the minutes judged is chosen.
        var multipliers = Multipliers.Where(m => m >= floor - 1e-9).ToList();
        var widths = history.Minutes - from >= NarrowLevelAfterMinutes ? LevelWidths : [LevelMinutes];
        var holds = HoldsJudgedOn(history.Minutes - from).ToList();
        var levelsOf = widths.ToDictionary(w => w, w => w == LevelMinutes ? levels : history.ServedLevels(w));
        var judgedLevelsOf = widths.ToDictionary(w => w, w => Scaled(levelsOf[w], scale));
        // Instances per minute a candidate is expected to keep in the hour it serves (see the class summary).
        double Expected(Scored candidate)
        {
            var perMinute = candidate.Replay.InstanceMinutes / scale / Math.Max(1, billedJudged);
            if (!candidate.Setting.Seasonal)
            {
                return perMinute;
            }

            var known = seasonalAhead.Average(level => (double)Math.Min(settings.Max, Wanted(0, level, candidate.Setting, settings.Min)));
            return Math.Max(perMinute, known);
        }

        void Search(double windowAllowance)
        {
            foreach (var (width, hold, useSeasonal) in
                from width in widths
                from hold in holds
                from useSeasonal in SeasonalChoices
                select (width, hold, useSeasonal))
            {
                var lo = 0;
                var hi = multipliers.Count;
                Scored? smallest = null;
                while (lo < hi)
                {
                    var mid = (lo + hi) / 2;
                    candidates++;
                    var setting = new HeadroomSetting(multipliers[mid], hold, useSeasonal, width);
                    // A replay that overloads past either allowance is refused as soon as it does: its figures are not read.
                    var replay = Replay(judgedAsked, judgedLevelsOf[width], useSeasonal ? judgedSeasonal : null, from, setting, judgedSettings, sameHours, stress, new ReplayLimit(allowed, windowAllowance));
                    if (!replay.Stopped)
                    {
                        smallest = new Scored(setting, replay);
                        hi = mid;
                    }
                    else
                    {
                        lo = mid + 1;
                    }
                }

                if (smallest is not null && (best is null || Expected(smallest) < Expected(best)))
                {
                    best = smallest;
                }
            }
        }

        Search(allowedOnWindow);
        // With no candidate kept, the most cautious setting's replay decides what follows.
        double? beyondReach = null;
        if (best is null && sameHours is not null)
        {
            var cautious = Replay(judgedAsked, judgedLevelsOf[LevelMinutes], judgedSeasonal, from, Cautious, judgedSettings, sameHours, stress);
            if (cautious.OverloadOnWindow > allowedOnWindow)
            {
                // Even the most cautious setting overloads the window beyond its share (a burst no headroom of the grid
                // carries in time, such as a first unannounced morning): keeping it for days buys nothing against that
                // burst. The window is then judged on the overload beyond it; the same hours keep their share.
                beyondReach = 100.0 * cautious.OverloadOnWindow / covered;
                Search(cautious.OverloadOnWindow + allowedOnWindow);
            }
        }

        double? OnSameHours(ReplayResult replay) => sameHours is null ? null : 100.0 * replay.Overload / Math.Max(1, judged);
        if (best is null)
        {
            // Nothing keeps it: the prior serves, and its own replay is the evidence. A plan that overspent reads its earlier
            // days from before the same time (what recurred there did not recur to the minute); another reads them from as
            // early as its own history says: the reading that overloads the window least, the nearest to the same time
            // among equals.
            IEnumerable<int> readings = overspent is null ? [0, .. PriorSeasonalEarlyChoices] : [OverspentSeasonalEarlyMinutes];
            (HeadroomSetting Setting, double[] Seasonal, ReplayResult Replay)? chosen = null;
            foreach (var early in readings)
            {
                var setting = Prior with { SeasonalEarlyMinutes = early };
                var earlySeasonal = early == 0 ? seasonal : SeasonalLevels(askedLevels, settings.LeadMinutes, early);
                var replay = Replay(asked, levels, earlySeasonal, from, setting, settings, sameHours, stress);
                if (chosen is not { } least || replay.OverloadOnWindow < least.Replay.OverloadOnWindow)
                {
                    chosen = (setting, earlySeasonal, replay);
                }
            }

            var (fallback, fallbackSeasonal, prior) = chosen!.Value;
            return new LearnedHeadroom(fallback, burst, covered, 100.0 * prior.OverloadOnWindow / covered, null, Learned: true, candidates)
            {
                JudgedScale = scale > 1 ? scale : null,
                OverloadPercentSeen = overspent,
                DemandStress = stress > 1 ? stress : null,
                DemandStressCauses = stress > 1 ? stressCauses : null,
                BudgetKeptOnHistory = false,
                OverloadPercentOnSameHours = OnSameHours(prior),
                OverloadPercentBeyondReach = beyondReach,
                // A young history (under SameHoursDays) is not judged beyond reach, and the prior serves it whatever it
                // shows; where the operator asked Seamless to hold the minimum the promise needs, that minimum is named on
                // it too: the first bursts of a plan that idles at its minimum and jumps far beyond it come in its first
                // hours, and a floor held from the next one on is what keeps the promise there.
                MinimumToKeepBudget = beyondReach is not null || (sameHours is null && settings.HoldMinimumToKeepBudget)
                    ? MinimumToKeepBudget(asked, levels, fallbackSeasonal, from, fallback, settings, covered, stress)
                    : null,
                Promise = promise,
            };
        }

        return new LearnedHeadroom(best.Setting, burst, covered, 100.0 * best.Replay.OverloadOnWindow / covered, best.Replay.InstanceMinutes / scale / 60.0, Learned: true, candidates)
        {
            JudgedScale = scale > 1 ? scale : null,
            OverloadPercentSeen = overspent,
            DemandStress = stress > 1 ? stress : null,
            DemandStressCauses = stress > 1 ? stressCauses : null,
            OverloadPercentOnSameHours = OnSameHours(best.Replay),
            OverloadPercentBeyondReach = beyondReach,
            BudgetKeptOnHistory = beyondReach is null,
            MinimumToKeepBudget = beyondReach is null ? null
                : MinimumToKeepBudget(asked, levelsOf[best.Setting.LevelMinutes], best.Setting.Seasonal ? seasonal : null, from, best.Setting, settings, covered, stress),
            Promise = promise,
        };
    }

    /// <summary>
    /// The fewest instances the plan's minimum would need for <paramref name="setting"/> to have kept the promise on the
    /// history it was learned on, where a burst was beyond reach: capacity held before the burst is what carries a jump
    /// inside the provisioning delay, and only the operator can decide to pay for it
    /// (<see cref="LearnedHeadroom.MinimumToKeepBudget"/>). First the fewest that keep the whole budget there — the promise
    /// as the operator states it. Where the plan's own minimum did not, the minimum named keeps the learner's margin as
    /// well (<see cref="NamedMinimumShare"/> of the budget on that history) when that costs at most
    /// <see cref="NamedMinimumMarginLimit"/> times as many instances; beyond that, the whole budget's. Each is found by
    /// bisection up to the plan's maximum (a higher minimum keeps at least as many instances at every minute); null when
    /// not even the maximum would have kept the whole budget.
    /// </summary>
    private static int? MinimumToKeepBudget(double?[] asked, double[] levels, double[]? seasonal, int from, HeadroomSetting setting, HeadroomSettings settings, int covered, double stress)
    {
        int? Fewest(double share, int low)
        {
            var budget = share * settings.BudgetPercent / 100 * covered;
            bool Keeps(int minimum) => !Replay(asked, levels, seasonal, from, setting, settings with { Min = minimum }, judged: null, stress, new ReplayLimit(double.PositiveInfinity, budget)).Stopped;

            if (!Keeps(settings.Max))
            {
                return null;
            }

            var lo = low;
            var hi = settings.Max;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (Keeps(mid))
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            return hi;
        }

        var whole = Fewest(1, settings.Min);
        if (whole is not { } kept || kept == settings.Min)
        {
            return whole;
        }

        return Fewest(NamedMinimumShare, kept) is { } margin && margin <= Math.Ceiling(NamedMinimumMarginLimit * kept) ? margin : kept;
    }

    /// <summary>
    /// How many times over a young history's candidates are judged (<see cref="RoundingFreeBusyInstances"/>): the whole
    /// number nearest to that many busy instances over the mean of what the window's minutes asked, at least 1 and at most
    /// <see cref="MaxJudgedScale"/>.
    /// </summary>
    /// <param name="asked">What each minute asked for (null: no data).</param>
    /// <param name="from">The window's first minute.</param>
    /// <returns>The scale.</returns>
    public static int JudgedScale(IReadOnlyList<double?> asked, int from)
    {
        var sum = 0.0;
        var count = 0;
        for (var t = from; t < asked.Count; t++)
        {
            if (asked[t] is { } busy && double.IsFinite(busy))
            {
                sum += Math.Max(0, busy);
                count++;
            }
        }

        if (count == 0)
        {
            return 1;
        }

        var mean = sum / count;
        return mean * MaxJudgedScale <= RoundingFreeBusyInstances ? MaxJudgedScale : Math.Clamp((int)Math.Round(RoundingFreeBusyInstances / mean), 1, MaxJudgedScale);
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(values))]
    private static double[]? Scaled(double[]? values, int scale) => scale == 1 || values is null ? values : [.. values.Select(v => v * scale)];

    /// <summary>
    /// The smallest multiplier a short history may choose: a day of history has not shown the day's bursts yet, so the
    /// choice starts on a line from the prior's ×2 at no data (×1.5, the cold start's, when learning begins at
    /// <see cref="MinimumMinutes"/>) and is free from <see cref="WarmUpMinutes"/> of data on.
    /// </summary>
    /// <param name="covered">Minutes of history with data.</param>
    /// <returns>The smallest multiplier allowed.</returns>
    public static double WarmUpFloor(int covered) =>
        1 + ((Prior.Multiplier - 1) * Math.Max(0, 1 - ((double)covered / WarmUpMinutes)));

    /// <summary>The seasonal level of each minute (<see cref="DemandHistory.SeasonalAt"/>; 0 where the history does not reach back).</summary>
    internal static double[] SeasonalLevels(double[] levels, int lead, int early = 0)
    {
        var seasonal = new double[levels.Length];
        for (var t = 0; t < levels.Length; t++)
        {
            seasonal[t] = DemandHistory.SeasonalAt(i => levels[i], t, lead, early) ?? 0;
        }

        return seasonal;
    }

    /// <summary>
    /// The seasonal level of each minute of the hour the learned setting serves, from the history's end on
    /// (<see cref="DemandHistory.SeasonalAt"/> reads only minutes a day or a week earlier, so they are known now; 0 where the
    /// history does not reach back).
    /// </summary>
    internal static double[] SeasonalAhead(double[] levels, int lead)
    {
        var ahead = new double[ServedMinutes];
        for (var k = 0; k < ahead.Length; k++)
        {
            ahead[k] = DemandHistory.SeasonalAt(i => i < levels.Length ? levels[i] : null, levels.Length + k, lead) ?? 0;
        }

        return ahead;
    }

    /// <summary>The size a setting wants at one minute: ⌈max(level, seasonal level) × multiplier⌉, at least the minimum.</summary>
    internal static int Wanted(double level, double seasonal, HeadroomSetting setting, int min) =>
        Math.Max(min, Instances(Math.Max(level, setting.Seasonal ? seasonal : 0), setting.Multiplier));

    /// <summary>The instances that carry <paramref name="busy"/> busy instances with a headroom multiplier: ⌈busy × multiplier⌉ (a product a rounding error above a whole number stays on it).</summary>
    internal static int Instances(double busy, double multiplier) => (int)Math.Ceiling((busy * multiplier) - 1e-9);

    /// <summary>
    /// Replays a setting on the history from <paramref name="from"/>: decisions at the sweep cadence, scale-outs serve
    /// after the provisioning delay, scale-ins take effect the next minute. Returns billed instance-minutes and overloaded
    /// minutes on the minutes judged (<paramref name="judged"/>; all when null), and overloaded minutes on the whole
    /// window (only minutes with data count). With a <paramref name="limit"/>, the replay stops at the first minute its
    /// overload passes it (<see cref="ReplayResult.Stopped"/>): the search reads only whether a candidate keeps its
    /// allowances, and half the candidates of a bisection do not.
    /// </summary>
    private static ReplayResult Replay(double?[] asked, double[] levels, double[]? seasonal, int from, HeadroomSetting setting, HeadroomSettings settings, bool[]? judged, double stress, ReplayLimit? limit = null)
    {
        var start = Wanted(levels[from], seasonal?[from] ?? 0, setting, settings.Min);
        var plan = new WhatIf.ReplayPlan(Math.Min(settings.Max, start), settings.LeadMinutes);
        var recent = new SlidingMax(setting.HoldMinutes);
        // The trailing LevelMinutes utilisations, oldest first from `oldest` (a ring: this loop runs for every minute
        // of every candidate's replay).
        Span<double> utilisation = stackalloc double[LevelMinutes + 1];
        var oldest = 0;
        var count = 0;
        var sum = 0.0;
        var billedMinutes = 0.0;
        var overload = 0;
        var overloadOnWindow = 0;
        for (var t = from; t < asked.Length; t++)
        {
            var isJudged = judged is null || judged[t];
            billedMinutes += isJudged ? plan.Billed : 0;
            // A candidate is judged against what each minute asked for: a saturated minute's busy instances show only what
            // the plan then served, and judged by those a candidate no larger than that plan never looks overloaded there.
            if (asked[t] is { } busy)
            {
                var u = Math.Max(0, busy) * stress / Math.Max(1, plan.ServingAt(t));
                var next = oldest + count;
                utilisation[next >= utilisation.Length ? next - utilisation.Length : next] = u;
                count++;
                sum += u;
                if (count > LevelMinutes)
                {
                    sum -= utilisation[oldest];
                    oldest = oldest == utilisation.Length - 1 ? 0 : oldest + 1;
                    count--;
                }

                if (sum / count > 1 + 1e-9)
                {
                    overloadOnWindow++;
                    overload += isJudged ? 1 : 0;
                    if (limit is { } l && (overload > l.Overload || overloadOnWindow > l.OverloadOnWindow))
                    {
                        return new ReplayResult(billedMinutes, overload, overloadOnWindow) { Stopped = true };
                    }
                }
            }

            var wanted = Math.Min(settings.Max, Wanted(levels[t], seasonal?[t] ?? 0, setting, settings.Min));
            recent.Add(t, wanted);

            if ((t - from) % settings.SweepMinutes != 0)
            {
                continue;
            }

            var billed = plan.Billed;
            var target = wanted > billed ? wanted : Math.Min(billed, recent.Max);
            if (target != billed)
            {
                plan.ScaleTo(target, t);
            }
        }

        return new ReplayResult(billedMinutes, overload, overloadOnWindow);
    }

    /// <summary>
    /// How far the level rose within the lead time from each minute of the window, as a ratio ((peak + 1) / (level + 1):
    /// one instance's worth of slack keeps near-idle plans from reading noise as bursts), largest first.
    /// </summary>
    private static List<double> RiseRatios(double[] levels, DemandHistory history, int from, HeadroomSettings settings)
    {
        var ratios = new List<double>();
        for (var s = from; s + settings.LeadMinutes < history.Minutes; s++)
        {
            var peak = 0.0;
            for (var i = s + 1; i <= s + settings.LeadMinutes; i++)
            {
                peak = Math.Max(peak, levels[i]);
            }

            ratios.Add((peak + 1) / (levels[s] + 1));
        }

        ratios.Sort((a, b) => b.CompareTo(a));
        return ratios;
    }

    /// <summary>The learned burst: the (1 − budget) quantile of how far the level rose within the lead time (<see cref="RiseRatios"/>).</summary>
    private static double Burst(List<double> rises, HeadroomSettings settings)
    {
        if (rises.Count == 0)
        {
            return 1;
        }

        // The k-th largest of n is the (1 − k / n) quantile.
        var q = 1 - (settings.BudgetPercent / 100);
        var rank = rises.Count - 1 - Math.Min(rises.Count - 1, (int)(q * rises.Count));
        return Math.Max(1, rises[rank]);
    }

    /// <summary>
    /// How much more demand a candidate must carry on the history than it showed (1 otherwise), and why: bursts larger
    /// than any the window held must be carried where the promise asks them to be rarer than the history can show.
    /// <list type="bullet">
    /// <item>A budget finer than the window resolves (<see cref="DemandStressCauses.FinerThanWindow"/>). One of at least
    /// <see cref="ResolvableMinutes"/> of its minutes (the rule of three: a rate shows on a history that has none only from
    /// three expected events) needs nothing: the default's 0.1 % of four days is 5.8 minutes. A finer one (0.01 % is 0.6
    /// minutes) asks for no overload at all on the history, and the bursts that then break it are larger than any the
    /// window held (at 0.01 % the promise was missed on four of the five public traces).</item>
    /// <item>A provisioning delay longer than the one the learner's shares were measured at
    /// (<see cref="DemandStressCauses.LongerDelay"/>, <see cref="SharesMeasuredAtDelayMinutes"/>). The shares leave room for
    /// bursts the history did not show; each stays overloaded for about the delay less
    /// <see cref="MarginalBurstMinutesShort"/>, so at 5 minutes the same budget carries half as many of them as at 3
    /// (alibaba overloaded 11 minutes where 8.6 are allowed). The shares scaled down by the delay changed nothing: those
    /// bursts were not in the history they ration.</item>
    /// </list>
    /// Either way the tail of the plan's own rises within the lead is extrapolated to the rarity asked for: with the
    /// log-rises' tail exponential (its scale the mean excess over the <see cref="TailSample"/>-th largest, a Hill
    /// estimate), a burst k times rarer is k^scale times larger, and candidates are judged against demand that much higher;
    /// k is, for the first cause, resolvable / the budget's minutes on the history held (a young plan's history is shorter
    /// than the window and extrapolates further: on google at 0.01 % the first day overloaded 6 of the 7 minutes the trace
    /// did while it was judged as if it held the window); for the second, (delay − 1) / (measured delay − 1); for both, their
    /// product. At most ×2.
    /// </summary>
    private static (double Stress, DemandStressCauses Causes) DemandStress(List<double> rises, HeadroomSettings settings, int covered)
    {
        // Whether to raise is a property of the promise, the learning window and the platform, not of how much history there
        // is yet: at a budget the window resolves, a young plan's short history is met by the warm-up floor and the cold start.
        var atBudget = settings.BudgetPercent / 100 * settings.LearningMinutes;
        var causes = (atBudget < ResolvableMinutes ? DemandStressCauses.FinerThanWindow : DemandStressCauses.None)
            | (settings.LeadMinutes > SharesMeasuredAtDelayMinutes ? DemandStressCauses.LongerDelay : DemandStressCauses.None);
        if (causes == DemandStressCauses.None || rises.Count <= 2 * TailSample)
        {
            return (1, DemandStressCauses.None);
        }

        // The budget's minutes on the history held: a young plan's, shorter than the window, resolves a finer budget less.
        var atBudgetHeld = settings.BudgetPercent / 100 * Math.Min(covered, settings.LearningMinutes);
        var rarer = (causes.HasFlag(DemandStressCauses.FinerThanWindow) ? ResolvableMinutes / Math.Max(atBudgetHeld, 1e-3) : 1)
            * (causes.HasFlag(DemandStressCauses.LongerDelay)
                ? (double)(settings.LeadMinutes - MarginalBurstMinutesShort) / (SharesMeasuredAtDelayMinutes - MarginalBurstMinutesShort)
                : 1);
        var threshold = Math.Log(rises[TailSample - 1]);
        var scale = rises.Take(TailSample - 1).Average(r => Math.Log(r) - threshold);
        return (Math.Min(2, Math.Exp(scale * Math.Log(rarer))), causes);
    }

    /// <summary>The largest value of the last <c>width</c> minutes (a monotonic queue: O(1) amortised per minute).</summary>
    private sealed class SlidingMax(int width)
    {
        // A monotone deque in a ring: values strictly decreasing from front to back, none older than the width. It holds at
        // most width + 1 entries (one per minute of the width and the one added before the oldest leaves). Indices wrap
        // by comparison, not by remainder: this runs for every minute of every candidate's replay.
        private readonly int[] _at = new int[width + 2];
        private readonly int[] _value = new int[width + 2];
        private int _front;
        private int _back = -1;
        private int _count;

        public int Max => _value[_front];

        public void Add(int at, int value)
        {
            while (_count > 0 && _value[_back] <= value)
            {
                _back = _back == 0 ? _at.Length - 1 : _back - 1;
                _count--;
            }

            _back = _back == _at.Length - 1 ? 0 : _back + 1;
            _at[_back] = at;
            _value[_back] = value;
            _count++;
            while (_at[_front] <= at - width)
            {
                _front = _front == _at.Length - 1 ? 0 : _front + 1;
                _count--;
            }
        }
    }

    /// <summary>A replay's billed instance-minutes and overloaded minutes on the minutes judged, and its overload on the whole window.</summary>
    private readonly record struct ReplayResult(double InstanceMinutes, int Overload, int OverloadOnWindow)
    {
        /// <summary>Gets a value indicating whether the replay stopped where it overloaded past its <see cref="ReplayLimit"/>: its figures are partial.</summary>
        public bool Stopped { get; init; }
    }

    /// <summary>The most overload a replay may reach before it is stopped (the candidate is then refused).</summary>
    private readonly record struct ReplayLimit(double Overload, double OverloadOnWindow);

    private sealed record Scored(HeadroomSetting Setting, ReplayResult Replay);
}
