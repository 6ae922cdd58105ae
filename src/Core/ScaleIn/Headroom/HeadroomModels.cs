using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>How the scale-in policy decides how much CPU headroom to keep.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HeadroomMode>))]
public enum HeadroomMode
{
    /// <summary>Learned from the plan's own history to keep the overload budget (<see cref="HeadroomLearner"/>); the default.</summary>
    Learned,

    /// <summary>The fixed CPU line and margin (<see cref="ScaleInPolicy.CpuLimit"/>) only.</summary>
    Fixed,
}

/// <summary>What the learner is asked to keep, and the platform's timing.</summary>
/// <param name="BudgetPercent">Share of minutes users may feel (overloaded), percent.</param>
/// <param name="LeadMinutes">Provisioning delay: minutes from a scale-out decision until the new instances serve.</param>
/// <param name="SweepMinutes">Minutes between evaluations.</param>
/// <param name="LearningMinutes">Minutes of history the candidates are scored on.</param>
/// <param name="Min">Fewest instances.</param>
/// <param name="Max">Most instances.</param>
public sealed record HeadroomSettings(double BudgetPercent, int LeadMinutes, int SweepMinutes, int LearningMinutes, int Min, int Max)
{
    /// <summary>
    /// Gets a value indicating whether the plan holds the minimum its learnings name where the promise broke on bursts
    /// beyond reach (<see cref="ScaleInPolicy.HoldMinimumToKeepBudget"/>, <see cref="PromiseFloor"/>).
    /// </summary>
    public bool HoldMinimumToKeepBudget { get; init; }

    /// <summary>The settings of a policy for a plan.</summary>
    /// <param name="policy">The scale-in policy.</param>
    /// <param name="sweepInterval">How often the plan is evaluated.</param>
    /// <param name="min">The plan's floor.</param>
    /// <param name="max">The plan's ceiling.</param>
    /// <returns>The settings.</returns>
    public static HeadroomSettings For(ScaleInPolicy policy, TimeSpan sweepInterval, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new HeadroomSettings(
            policy.OverloadBudgetPercent,
            Math.Max(0, (int)Math.Ceiling(policy.ProvisioningDelay.TotalMinutes)),
            Math.Max(1, (int)Math.Ceiling(sweepInterval.TotalMinutes)),
            Math.Max(1, (int)policy.LearningWindow.TotalMinutes),
            Math.Max(1, min),
            Math.Max(Math.Max(1, min), max))
        {
            HoldMinimumToKeepBudget = policy.HoldMinimumToKeepBudget,
        };
    }
}

/// <summary>One headroom setting: keep ⌈level × Multiplier⌉ instances, scale in only to the largest such size of the last HoldMinutes.</summary>
/// <param name="Multiplier">Instances kept per busy instance (1.25 = 25 % headroom).</param>
/// <param name="HoldMinutes">Minutes the largest wanted size is kept before scaling in.</param>
/// <param name="Seasonal">Whether the level is raised to the demand at the same time yesterday and a week ago (pre-scaling ahead of a recurring rise).</param>
/// <param name="LevelMinutes">
/// Minutes of the trailing mean the level reads (<see cref="HeadroomLearner.LevelWidths"/>): 5, the window the overload
/// promise is judged on, or 4 or 3, which follow a rise sooner and read a single minute's noise more. Settings
/// journaled before it existed read 5.
/// </param>
public sealed record HeadroomSetting(double Multiplier, int HoldMinutes, bool Seasonal, int LevelMinutes = HeadroomLearner.LevelMinutes)
{
    /// <summary>
    /// Gets the minutes before the same time of the earlier days from which the seasonal term pre-scales
    /// (<see cref="DemandHistory.SeasonalAt"/>): a recurring rise does not recur to the minute — a nightly job that ran at
    /// 03:20 yesterday may run at 03:00 today. 0 for the learned settings; the prior that serves a plan which overspent reads
    /// <see cref="HeadroomLearner.OverspentSeasonalEarlyMinutes"/>, and on another plan it reads 0 or one of
    /// <see cref="HeadroomLearner.PriorSeasonalEarlyChoices"/>, whichever its replay of the window overloads least. Settings
    /// journaled before it existed read 0.
    /// </summary>
    public int SeasonalEarlyMinutes { get; init; }
}

/// <summary>What the learner chose and why.</summary>
/// <param name="Setting">The chosen setting.</param>
/// <param name="Burst">The (1 − budget) quantile of the level's rise within the provisioning delay, as a ratio (1.2 = +20 %).</param>
/// <param name="CoveredMinutes">Minutes of the learning window with data.</param>
/// <param name="OverloadPercentOnHistory">Overloaded minutes the chosen setting would have caused on the learning window, percent; null before learning.</param>
/// <param name="InstanceHoursOnHistory">Instance-hours it would have used on the minutes it was judged on (the same hours of the earlier days, or the whole window); null when none kept the budget or before learning.</param>
/// <param name="Learned">False while the history is too short and <see cref="HeadroomLearner.ColdStart"/> is used.</param>
/// <param name="Candidates">Settings scored.</param>
public sealed record LearnedHeadroom(
    HeadroomSetting Setting,
    double Burst,
    int CoveredMinutes,
    double? OverloadPercentOnHistory,
    double? InstanceHoursOnHistory,
    bool Learned,
    int Candidates)
{
    /// <summary>
    /// Gets a value indicating whether some candidate kept the budget on the history (false: the most cautious one is used,
    /// or the cheapest within the overload beyond reach, <see cref="OverloadPercentBeyondReach"/>).
    /// </summary>
    public bool BudgetKeptOnHistory { get; init; } = true;

    /// <summary>
    /// Gets the overload even the most cautious setting leaves on the learning window, percent, when it is more than the
    /// window's share of the budget (a burst no headroom of the grid carries in time): the window was then judged on what
    /// the chosen setting overloads beyond it, the same hours within their share. Null otherwise.
    /// </summary>
    public double? OverloadPercentBeyondReach { get; init; }

    /// <summary>
    /// Gets, where a burst was beyond reach (<see cref="OverloadPercentBeyondReach"/>), the fewest instances the plan's
    /// minimum would need for the chosen setting to have kept the promise (the whole budget) on the history it was learned
    /// on: no headroom on a level carries a jump inside the provisioning delay, capacity held before it does, and paying
    /// for that is the operator's call. Where a raise is needed, the one that keeps the learner's margin too
    /// (<see cref="HeadroomLearner.NamedMinimumShare"/> of the budget) if it costs at most
    /// <see cref="HeadroomLearner.NamedMinimumMarginLimit"/> times as many instances. The plan's own minimum when it kept
    /// the promise there without a raise; null when no burst was beyond reach, or when not even the plan's maximum would
    /// have kept it. Where the operator asked Seamless to hold that minimum
    /// (<see cref="HeadroomSettings.HoldMinimumToKeepBudget"/>) it is also named on a history too young to be judged beyond
    /// reach on which nothing kept the budget, and the prior served.
    /// </summary>
    public int? MinimumToKeepBudget { get; init; }

    /// <summary>
    /// Gets the share of the minutes the plan's whole history shows overloaded (<see cref="DemandHistory.OverloadedMinutesSeen"/>),
    /// percent, when it is more than <see cref="HeadroomLearner.OverspentShare"/> of the budget: the setting was then learned
    /// on all of that history, not the learning window alone. Null otherwise.
    /// </summary>
    public double? OverloadPercentSeen { get; init; }

    /// <summary>
    /// Gets the chosen setting's overload on the same hours of the earlier days, percent, when it was judged there (the
    /// window holds <see cref="HeadroomLearner.SameHoursDays"/> days); null when it was judged on the whole window.
    /// </summary>
    public double? OverloadPercentOnSameHours { get; init; }

    /// <summary>Gets how the plan kept the promise on the history learned from (<see cref="PromiseAccount"/>); null where not accounted.</summary>
    public PromiseAccount? Promise { get; init; }

    /// <summary>
    /// Gets how much more demand the candidates were judged against because the promise asks bursts to be rarer than the
    /// learning window can show (<see cref="DemandStressCauses"/>): the plan's rises extrapolated to that rarity (1.15 =
    /// 15 % more). Null when the window resolves the budget at the delay the learner's shares were measured at (the
    /// default's 0.1 % at 3 minutes does).
    /// </summary>
    public double? DemandStress { get; init; }

    /// <summary>Gets why <see cref="DemandStress"/> was raised; null when it was not.</summary>
    public DemandStressCauses? DemandStressCauses { get; init; }

    /// <summary>
    /// Gets how many times over the candidates were judged (<see cref="HeadroomLearner.JudgedScale"/>): on a history younger
    /// than <see cref="HeadroomLearner.SameHoursDays"/> a plan of fewer than <see cref="HeadroomLearner.RoundingFreeBusyInstances"/>
    /// busy instances is judged as if it carried about that many, so that rounding up to whole instances does not make a
    /// thin setting look safe. Null when judged as it is.
    /// </summary>
    public int? JudgedScale { get; init; }

    /// <summary>
    /// Gets the plan CPU % the learned headroom lets the plan run at: 100 / multiplier (×1.05 ⇒ 95.2 %). Below it the
    /// plan is where the headroom planner sized it; above it demand has outgrown the headroom. Null while the prior is used.
    /// </summary>
    public double? CpuLine => LearnedMultiplier is { } m ? 100 / m : null;

    /// <summary>Gets the learned multiplier (instances kept per busy instance); null while the prior is used.</summary>
    public double? LearnedMultiplier => Learned ? Setting.Multiplier : null;
}

/// <summary>Why the learning judged its candidates against more demand than the history showed (<see cref="LearnedHeadroom.DemandStress"/>).</summary>
[Flags]
public enum DemandStressCauses
{
    /// <summary>Not raised.</summary>
    None = 0,

    /// <summary>The budget is finer than the learning window can show kept (<see cref="HeadroomLearner.ResolvableMinutes"/>).</summary>
    FinerThanWindow = 1,

    /// <summary>
    /// The provisioning delay is longer than the one the learner's shares of the budget were measured at
    /// (<see cref="HeadroomLearner.SharesMeasuredAtDelayMinutes"/>): a burst the headroom misses stays overloaded longer.
    /// </summary>
    LongerDelay = 2,
}

/// <summary>
/// The capacity the learned headroom asks for now, journaled with every decision: the promise, what was learned
/// and the headroom it implies.
/// </summary>
/// <param name="BudgetPercent">The overload budget (share of minutes, percent).</param>
/// <param name="LeadMinutes">The provisioning delay the headroom must cover.</param>
/// <param name="Burst">The learned burst within the lead (ratio, (1 − budget) quantile).</param>
/// <param name="Setting">The learned setting.</param>
/// <param name="Level">Busy instances now (the trailing mean over the setting's <see cref="HeadroomSetting.LevelMinutes"/>).</param>
/// <param name="SeasonalLevel">Busy instances at the same time yesterday / a week ago over the lead and a level's width (<see cref="DemandHistory.SeasonalAt"/>); null when not used.</param>
/// <param name="Required">Instances the setting requires now: the largest wanted size of the hold.</param>
/// <param name="HeadroomInstances">Required − level: the instances kept free.</param>
/// <param name="Learned">False while the cold-start setting is used (too little history, <see cref="HeadroomLearner.ColdStart"/>).</param>
/// <param name="OverloadPercentOnHistory">The setting's overload on the learning window, percent.</param>
public sealed record HeadroomEstimate(
    double BudgetPercent,
    int LeadMinutes,
    double Burst,
    HeadroomSetting Setting,
    double Level,
    double? SeasonalLevel,
    int Required,
    double HeadroomInstances,
    bool Learned,
    double? OverloadPercentOnHistory)
{
    /// <summary>Gets the busy instances of the latest complete minute (the level is their trailing mean).</summary>
    public double Latest { get; init; } = Level;

    /// <summary>
    /// Gets the instances a scale-in keeps: <see cref="Required"/>, or what the latest minute wants with the same
    /// headroom when that is more. While demand rises the 5-minute mean lags it, and a scale-in sized on the mean alone
    /// removes capacity the next minutes need (on alibaba it did so twice in the minutes before an overload). Scale-outs
    /// still follow <see cref="Required"/>: reacting to one minute's rise costs more on smooth workloads than it saves.
    /// </summary>
    public int ScaleInFloor { get; init; } = Required;

    /// <summary>
    /// Gets the busy instances the latest minute asked for when it was saturated and its sites turned requests away
    /// (<see cref="SaturatedDemand.Asked"/>; more than <see cref="Latest"/>, which shows what was served); null otherwise.
    /// </summary>
    public double? LatestAsked { get; init; }

    /// <summary>
    /// Gets the instances serving in the latest complete minute (<see cref="DemandHistory.Serving"/>: those that reported
    /// CPU); null when the history does not say. The alert fast path reads the plan CPU over them
    /// (<see cref="ScaleOutContext.Serving"/>): instances still starting count in the capacity, not in the CPU.
    /// </summary>
    public int? Serving { get; init; }

    /// <summary>
    /// Gets the setting's overload on the same hours of the earlier days, percent, when it was chosen for this hour from
    /// them (<see cref="LearnedHeadroom.OverloadPercentOnSameHours"/>); null when it was chosen on the whole window.
    /// </summary>
    public double? OverloadPercentOnSameHours { get; init; }

    /// <summary>
    /// Gets the overload even the most cautious setting leaves on the learning window, percent, when the window was judged
    /// on the overload beyond it (<see cref="LearnedHeadroom.OverloadPercentBeyondReach"/>); null otherwise.
    /// </summary>
    public double? OverloadPercentBeyondReach { get; init; }

    /// <summary>
    /// Gets the fewest instances the plan's minimum would need to have kept the promise on the history where a burst was
    /// beyond reach, or on a young history where the operator asked for it (<see cref="LearnedHeadroom.MinimumToKeepBudget"/>:
    /// the plan's own when no raise was needed); null otherwise, or when not even the plan's maximum would have.
    /// </summary>
    public int? MinimumToKeepBudget { get; init; }

    /// <summary>Gets the share of minutes the plan's history showed overloaded when beyond half the budget (<see cref="LearnedHeadroom.OverloadPercentSeen"/>); null otherwise.</summary>
    public double? OverloadPercentSeen { get; init; }

    /// <summary>Gets <see cref="LearnedHeadroom.DemandStress"/>: the demand the learning judged against, raised where the promise asks bursts to be rarer than its window shows; null when not raised.</summary>
    public double? DemandStress { get; init; }

    /// <summary>Gets <see cref="LearnedHeadroom.DemandStressCauses"/>: why the demand was raised; null when it was not.</summary>
    public DemandStressCauses? DemandStressCauses { get; init; }

    /// <summary>Gets <see cref="LearnedHeadroom.JudgedScale"/>: how many times over a young, small plan's candidates were judged; null when judged as it is.</summary>
    public int? JudgedScale { get; init; }

    /// <summary>
    /// Gets the minutes of data the learning window held while the cold-start setting is used (fewer than
    /// <see cref="HeadroomLearner.MinimumMinutes"/>: learning begins there); null once the setting is learned.
    /// </summary>
    public int? MinutesOfData { get; init; }

    /// <summary>
    /// Gets how the plan kept the promise on the history the learner holds, up to its last full hour
    /// (<see cref="LearnedHeadroom.Promise"/>); null where not accounted.
    /// </summary>
    public PromiseAccount? Promise { get; init; }

    /// <summary>
    /// Gets the plan minimum Seamless holds because the promise broke on bursts beyond reach of any headroom
    /// (<see cref="Headroom.PromiseFloor"/>; <see cref="Required"/> is at least this); null when none is held.
    /// </summary>
    public int? PromiseFloor { get; init; }

    /// <summary>Gets until when <see cref="PromiseFloor"/> is held unless a learning names it again; null when none is held.</summary>
    public DateTimeOffset? PromiseFloorUntil { get; init; }

    /// <summary>Gets the hours of the day (UTC) <see cref="PromiseFloor"/> is held at, where the bursts recur at the same times of day; null: around the clock, or none held.</summary>
    public HoursOfDay? PromiseFloorHours { get; init; }

    private string StressReason
    {
        get
        {
            const string Finer = "a budget finer than the learning window shows";
            var longer = FormattableString.Invariant(
                $"a {LeadMinutes}-minute delay keeps a missed burst overloaded longer than at the {HeadroomLearner.SharesMeasuredAtDelayMinutes} minutes the learner's shares were measured at");
            return DemandStressCauses switch
            {
                ScaleIn.Headroom.DemandStressCauses.FinerThanWindow | ScaleIn.Headroom.DemandStressCauses.LongerDelay => $"{Finer}, and {longer}",
                ScaleIn.Headroom.DemandStressCauses.LongerDelay => longer,
                _ => Finer,
            };
        }
    }

    /// <summary>Gets a one-line account for the journal.</summary>
    public string Summary => FormattableString.Invariant(
        $"budget {BudgetPercent:0.###} % of minutes; learned burst +{(Burst - 1) * 100:0.#} % within {LeadMinutes} min; headroom ×{Setting.Multiplier:0.##} held {Setting.HoldMinutes} min{(Setting.LevelMinutes != HeadroomLearner.LevelMinutes ? $" on the {Setting.LevelMinutes}-minute level" : string.Empty)}{(Setting.Seasonal ? " with seasonal pre-scaling" : string.Empty)}{(Setting.Seasonal && Setting.SeasonalEarlyMinutes > 0 ? $" from {Setting.SeasonalEarlyMinutes} min before the same time" : string.Empty)}{(OverloadPercentOnSameHours is { } same ? $" (learned for this hour on the same hours of the earlier days: {same:0.###} % overloaded there, {OverloadPercentOnHistory ?? 0:0.###} % on the window)" : string.Empty)} ⇒ {Required} instance(s) for {Level:0.##} busy ({HeadroomInstances:0.##} free){(LatestAsked is { } asked ? $"; saturated: the latest minute served {Latest:0.##} busy and asked for {asked:0.##} (requests turned away)" : string.Empty)}{(ScaleInFloor > Required ? $"; the latest minute ({Latest:0.##} busy) keeps {ScaleInFloor}" : string.Empty)}{(OverloadPercentBeyondReach is { } beyond ? $"; a burst beyond reach: even ×{HeadroomLearner.Cautious.Multiplier:0.##} held {HeadroomLearner.Cautious.HoldMinutes} min overloads {beyond:0.###} % of the window, which is judged on the overload beyond that ({(MinimumToKeepBudget is { } minimum ? $"a plan minimum of {minimum} instances keeps the budget on that history" : "no plan minimum up to the maximum keeps the budget on that history")})" : string.Empty)}{(OverloadPercentBeyondReach is null && MinimumToKeepBudget is { } young ? $"; nothing kept the budget on a history too young to judge a burst beyond reach: a plan minimum of {young} instances keeps it there" : string.Empty)}{(OverloadPercentSeen is { } seen ? $"; the plan overloaded {seen:0.###} % of the history held, beyond half the budget: learned on all of it" : string.Empty)}{(DemandStress is { } stress ? $"; {StressReason}: judged against demand ×{stress:0.###} (the plan's rises extrapolated to that rarity)" : string.Empty)}{(JudgedScale is { } scale ? $"; a young history of a small plan: candidates judged as if it carried {scale} times its demand, so that rounding up to whole instances does not pass for headroom" : string.Empty)}{(Learned ? string.Empty : $"; too little history{(MinutesOfData is { } minutes ? $" ({minutes} of the {HeadroomLearner.MinimumMinutes} minutes of data learning needs)" : string.Empty)}, the cold-start setting is used")}{(PromiseFloor is { } held && PromiseFloorUntil is { } until ? $"; {Headroom.PromiseFloor.Describe(held, until, PromiseFloorHours)}" : string.Empty)}{(Promise is { } promise ? $"; {promise.Summary}" : string.Empty)}");
}
