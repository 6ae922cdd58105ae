using System.Globalization;

namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>
/// How the plan kept the operator's promise on the history the learner holds (the learning window and the week before
/// it, up to its last full hour): the minutes users felt (<see cref="DemandHistory.OverloadedMinutes"/>: the trailing
/// 5-minute mean of what each minute asked over the instances serving it above 100 %, as the what-if counts them) against
/// the budget's share of the minutes with data, over all of it and over its last day, and what keeping it cost: the
/// instances serving for the busy instances. The learner's replays say what a setting would have done; this says what
/// the plan did. Pure.
/// </summary>
/// <param name="BudgetPercent">The overload budget, percent of minutes.</param>
/// <param name="From">The first minute with data.</param>
/// <param name="Through">The end of the history (just after its last minute).</param>
/// <param name="Minutes">Minutes with data from <paramref name="From"/> on.</param>
/// <param name="OverloadedMinutes">Of those, the minutes users felt.</param>
/// <param name="LastDayMinutes">Minutes with data in the last day.</param>
/// <param name="LastDayOverloadedMinutes">Of those, the minutes users felt.</param>
/// <param name="MeanInstances">Instances serving per minute, on average over the minutes where they are known; null where none is.</param>
/// <param name="MeanBusy">Busy instances (what the minutes asked for) per minute over the same minutes; null where none is known.</param>
public sealed record PromiseAccount(
    double BudgetPercent,
    DateTimeOffset From,
    DateTimeOffset Through,
    int Minutes,
    int OverloadedMinutes,
    int LastDayMinutes,
    int LastDayOverloadedMinutes,
    double? MeanInstances,
    double? MeanBusy)
{
    /// <summary>Quiet minutes that part two bursts of overloaded minutes (<see cref="Bursts"/>).</summary>
    public const int BurstGapMinutes = 10;

    /// <summary>
    /// Gets the bursts the overloaded minutes came in: runs of them at least <see cref="BurstGapMinutes"/> minutes with
    /// data apart. One burst is a one-off (a first morning's ramp, a crowd); more say the plan's bursts come again.
    /// </summary>
    public int Bursts { get; init; }

    /// <summary>Hours of the day either side of a burst's that count as its time of day (<see cref="BurstHours"/>): nightly jobs drift by up to an hour or more.</summary>
    public const int BurstHourMargin = 3;

    /// <summary>How far apart two bursts must start to count as on different days (<see cref="BurstHours"/>).</summary>
    public static readonly TimeSpan OtherDay = TimeSpan.FromHours(12);

    /// <summary>
    /// Gets the hours of the day (UTC) the bursts recur at, each overloaded minute's hour widened by
    /// <see cref="BurstHourMargin"/> either side: set only where every burst has another at least <see cref="OtherDay"/>
    /// apart within that margin of its time of day (nightly jobs); null where some burst came at an hour no other day's
    /// did (bursts at any hour), or fewer than two came.
    /// </summary>
    public HoursOfDay? BurstHours { get; init; }

    /// <summary>Gets the share of the minutes with data that users felt, percent.</summary>
    public double OverloadPercent => Minutes == 0 ? 0 : Math.Round(100.0 * OverloadedMinutes / Minutes, 4);

    /// <summary>Gets the overloaded minutes the budget allows on the minutes with data.</summary>
    public double AllowedMinutes => Math.Round(BudgetPercent / 100 * Minutes, 2);

    /// <summary>Gets a value indicating whether the overloaded minutes stayed within the budget.</summary>
    public bool Kept => OverloadedMinutes <= (BudgetPercent / 100 * Minutes) + 1e-9;

    /// <summary>Gets a value indicating whether the last day's overloaded minutes stayed within the budget's share of it.</summary>
    public bool KeptLastDay => LastDayOverloadedMinutes <= (BudgetPercent / 100 * LastDayMinutes) + 1e-9;

    /// <summary>Gets a one-line account for the journal and the CLI.</summary>
    public string Summary => Minutes == 0
        ? "promise: no minute with data yet"
        : string.Create(
            CultureInfo.InvariantCulture,
            $"promise {(Kept ? "kept" : "missed")} on the {(Through - From).TotalDays:0.#} days held: {OverloadedMinutes:N0} of {Minutes:N0} minutes overloaded ({OverloadPercent:0.###} %; the budget of {BudgetPercent:0.###} % allows {AllowedMinutes:0.#}), {LastDayOverloadedMinutes:N0} of {LastDayMinutes:N0} in the last day{(BurstHours is { } hours ? $", in {Bursts} bursts at the same times of day ({hours})" : string.Empty)}{(MeanInstances is { } instances && MeanBusy is { } busy ? $"; {instances:0.##} instances serving for {busy:0.##} busy on average" : string.Empty)}");

    /// <summary>Accounts for the history from its first minute with data.</summary>
    /// <param name="history">The plan's demand, oldest first.</param>
    /// <param name="budgetPercent">The overload budget, percent of minutes.</param>
    /// <returns>The account.</returns>
    public static PromiseAccount Of(DemandHistory history, double budgetPercent)
    {
        ArgumentNullException.ThrowIfNull(history);
        var first = FirstWithData(history);
        return Of(history, budgetPercent, first, history.OverloadedMinutes(first));
    }

    /// <summary>The first minute with data (<see cref="DemandHistory.Minutes"/> when none has).</summary>
    private static int FirstWithData(DemandHistory history)
    {
        var first = 0;
        while (first < history.Minutes && !HasData(history, first))
        {
            first++;
        }

        return first;
    }

    /// <summary>Accounts for the history from <paramref name="first"/> on, with the overloaded minutes already flagged from there.</summary>
    internal static PromiseAccount Of(DemandHistory history, double budgetPercent, int first, bool[] overloaded)
    {
        var lastDay = Math.Max(first, history.Minutes - HeadroomLearner.Day);
        int minutes = 0, felt = 0, dayMinutes = 0, dayFelt = 0, both = 0, bursts = 0;
        var starts = new List<DateTimeOffset>();
        var hours = default(HoursOfDay);
        var quiet = BurstGapMinutes;
        double serving = 0, busy = 0;
        for (var t = first; t < history.Minutes; t++)
        {
            hours |= overloaded[t] ? HoursOfDay.Around(TimeOf(t).Hour, BurstHourMargin) : default;
            if (!HasData(history, t))
            {
                continue;
            }

            minutes++;
            felt += overloaded[t] ? 1 : 0;
            if (overloaded[t] && quiet >= BurstGapMinutes)
            {
                bursts++;
                starts.Add(TimeOf(t));
            }

            quiet = overloaded[t] ? 0 : quiet + 1;
            dayMinutes += t >= lastDay ? 1 : 0;
            dayFelt += t >= lastDay && overloaded[t] ? 1 : 0;
            if (history.ServingAt(t) is { } s && history.AskedAt(t) is { } asked)
            {
                both++;
                serving += s;
                busy += Math.Max(0, asked);
            }
        }

        return new PromiseAccount(
            budgetPercent,
            TimeOf(first),
            history.End,
            minutes,
            felt,
            dayMinutes,
            dayFelt,
            both == 0 ? null : Math.Round(serving / both, 3),
            both == 0 ? null : Math.Round(busy / both, 3))
        {
            Bursts = bursts,
            BurstHours = Recur(starts) ? hours : null,
        };

        DateTimeOffset TimeOf(int t) => history.End.AddMinutes(t - history.Minutes);
    }

    /// <summary>
    /// Whether the bursts starting at <paramref name="starts"/> recur at the same times of day (<see cref="BurstHours"/>):
    /// at least two, and each with another on another day within <see cref="BurstHourMargin"/> hours of its time of day.
    /// </summary>
    private static bool Recur(List<DateTimeOffset> starts) =>
        starts.Count >= 2 && starts.All(s => starts.Any(o => (o - s).Duration() >= OtherDay && HoursOfDay.Around(s.Hour, BurstHourMargin).Holds(o.Hour)));

    private static bool HasData(DemandHistory history, int t) => history.Busy[t] is { } b && double.IsFinite(b);
}
