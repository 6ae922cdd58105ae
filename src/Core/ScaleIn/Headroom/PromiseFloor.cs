using System.Globalization;

namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>One plan minimum a learning named, the hour it was learned up to, until when it is held, and at which hours of the day.</summary>
/// <param name="At">The end of the history the learning read (a whole hour).</param>
/// <param name="Instances">The plan minimum that would have kept the promise on that history.</param>
/// <param name="Until">When the hold ends unless a later learning names it again (<see cref="PromiseFloor.HoldFor"/>).</param>
/// <param name="Hours">
/// The hours of the day (UTC) it is held at, where the bursts that broke the promise recur at the same times of day
/// (<see cref="PromiseAccount.BurstHours"/>); null: around the clock.
/// </param>
public sealed record NamedMinimum(DateTimeOffset At, int Instances, DateTimeOffset Until, HoursOfDay? Hours = null)
{
    /// <summary>Whether it is held in the hour of <paramref name="time"/>.</summary>
    /// <param name="time">The time.</param>
    /// <returns>True around the clock, or in one of its hours.</returns>
    public bool HeldInHourOf(DateTimeOffset time) => Hours is not { } hours || hours.Holds(time.UtcDateTime.Hour);
}

/// <summary>
/// The plan minimum Seamless holds itself, where the operator asked it to (<see cref="ScaleInPolicy.HoldMinimumToKeepBudget"/>),
/// when the promise broke on bursts no headroom carries in time (pure). A burst that jumps beyond ×2 within the
/// provisioning delay is carried only by capacity held before it (<see cref="LearnedHeadroom.OverloadPercentBeyondReach"/>),
/// and each such learning names the plan minimum that would have kept the promise on its history
/// (<see cref="LearnedHeadroom.MinimumToKeepBudget"/>). Where the plan did break the promise, by more than a week's budget
/// on the history held, that minimum is held for the learning window after the last learning that named it (as long as
/// the learner itself remembers a burst). A first unannounced morning that the seasonal term carries from the next day on
/// breaks it by less, and is not held. Where the bursts that broke it recur at the same times of day (nightly jobs), the
/// minimum is held only at those hours (<see cref="PromiseAccount.BurstHours"/>), ordered <see cref="AheadMinutes"/>
/// before they begin; elsewhere around the clock.
/// </summary>
/// <param name="Named">The minimums named and still held, oldest first; none outlasted by a later one at least as large.</param>
public sealed record PromiseFloor(IReadOnlyList<NamedMinimum> Named)
{
    /// <summary>The history a promise must have been broken on before a named minimum is held: more overloaded minutes than the budget allows on a week.</summary>
    public static readonly TimeSpan BrokenOn = TimeSpan.FromDays(7);

    /// <summary>
    /// The bursts the overload on the history held must have come in (<see cref="PromiseAccount.Bursts"/>): a one-off — a
    /// first morning's ramp at a longer delay, a stressed first day under a tight budget — broke the promise once, and the
    /// bursts after it are carried anyway; a floor held for it would cost for nothing.
    /// </summary>
    public const int RecurringBursts = 2;

    /// <summary>How long before its hours begin a minimum held at hours of the day is held already, so that it serves when they do.</summary>
    public const int AheadMinutes = 15;

    /// <summary>Gets the floor with nothing named.</summary>
    public static PromiseFloor None { get; } = new([]);

    /// <summary>How long a minimum named under <paramref name="settings"/> is held: the learning window.</summary>
    /// <param name="settings">The plan's promise and learning.</param>
    /// <returns>The hold.</returns>
    public static TimeSpan HoldFor(HeadroomSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return TimeSpan.FromMinutes(settings.LearningMinutes);
    }

    /// <summary>
    /// The plan minimum a learning names for the floor: where the operator asked for it
    /// (<see cref="HeadroomSettings.HoldMinimumToKeepBudget"/>), its <see cref="LearnedHeadroom.MinimumToKeepBudget"/> when
    /// that is above the plan's own minimum and the plan broke the promise on the history held by more than the budget
    /// allows on <see cref="BrokenOn"/> (or on all the history, when that is longer), in at least
    /// <see cref="RecurringBursts"/> bursts; null otherwise.
    /// </summary>
    /// <param name="learned">The learning.</param>
    /// <param name="settings">The plan's promise and bounds.</param>
    /// <returns>The minimum (at most the plan's maximum), or null.</returns>
    public static int? NamedBy(LearnedHeadroom learned, HeadroomSettings settings)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.HoldMinimumToKeepBudget || learned.MinimumToKeepBudget is not { } named || named <= settings.Min || learned.Promise is not { } account)
        {
            return null;
        }

        var minutes = Math.Max(account.Minutes, BrokenOn.TotalMinutes);
        return account.OverloadedMinutes > (account.BudgetPercent / 100 * minutes) + 1e-9 && account.Bursts >= RecurringBursts
            ? Math.Min(named, settings.Max)
            : null;
    }

    /// <summary>
    /// The floor after a learning up to <paramref name="at"/> named <paramref name="named"/> (or nothing), to be held
    /// for <paramref name="hold"/> at <paramref name="hours"/>: minimums whose hold ended by then are forgotten,
    /// and so is any a later, at least as large one outlasts (the later one then holds their hours too). Recording the same
    /// learning again changes nothing.
    /// </summary>
    /// <param name="at">The end of the history the learning read.</param>
    /// <param name="named">What it named (<see cref="NamedBy"/>), or null.</param>
    /// <param name="hold">How long a minimum it named is held (<see cref="HoldFor"/>).</param>
    /// <param name="hours">The hours of the day it is held at (the learning's <see cref="PromiseAccount.BurstHours"/>); null: around the clock.</param>
    /// <returns>The floor; this one when nothing changed.</returns>
    public PromiseFloor Record(DateTimeOffset at, int? named, TimeSpan hold, HoursOfDay? hours = null)
    {
        var kept = Named.Where(n => n.Until > at).ToList();
        if (named is { } instances && !kept.Any(n => n.Instances >= instances && n.Until >= at + hold && Covers(n.Hours, hours)))
        {
            var outlasted = kept.Where(n => n.Instances <= instances && n.Until <= at + hold).ToList();
            var entry = new NamedMinimum(at, instances, at + hold, outlasted.Aggregate(hours, (held, n) => Union(held, n.Hours)));
            kept.RemoveAll(outlasted.Contains);
            kept.Add(entry);
            kept.Sort((a, b) => a.At.CompareTo(b.At));
        }

        return kept.SequenceEqual(Named) ? this : new PromiseFloor(kept);
    }

    /// <summary>
    /// The minimum in force at <paramref name="now"/>: the largest named and still held, at its hours of the day (or
    /// <see cref="AheadMinutes"/> before they begin); null when none is.
    /// </summary>
    /// <param name="now">The time.</param>
    /// <returns>The minimum, until when it is held and at which hours (null: around the clock), or null.</returns>
    public (int Instances, DateTimeOffset Until, HoursOfDay? Hours)? At(DateTimeOffset now)
    {
        var held = Named.Where(n => n.At <= now && now < n.Until && (n.HeldInHourOf(now) || n.HeldInHourOf(now.AddMinutes(AheadMinutes)))).ToList();
        if (held.Count == 0)
        {
            return null;
        }

        var largest = held.Max(n => n.Instances);
        var longest = held.Where(n => n.Instances == largest).MaxBy(n => n.Until)!;
        return (largest, longest.Until, longest.Hours);
    }

    /// <summary>Whether hours <paramref name="outer"/> hold every hour of <paramref name="inner"/> (null: around the clock).</summary>
    private static bool Covers(HoursOfDay? outer, HoursOfDay? inner) => outer is not { } o || (inner is { } i && o.Covers(i));

    /// <summary>The hours of either (null: around the clock).</summary>
    private static HoursOfDay? Union(HoursOfDay? a, HoursOfDay? b) => a is { } x && b is { } y ? x | y : null;

    /// <summary>One line for the journal: the minimum held and why.</summary>
    /// <param name="instances">The minimum held.</param>
    /// <param name="until">Until when.</param>
    /// <param name="hours">At which hours of the day (null: around the clock).</param>
    /// <returns>The line.</returns>
    public static string Describe(int instances, DateTimeOffset until, HoursOfDay? hours = null) => string.Create(
        CultureInfo.InvariantCulture,
        $"the promise broke on bursts beyond reach of any headroom: a plan minimum of {instances} instances, which would have kept it on the history learned from, is held{(hours is { } held ? $" at the times of day its bursts recur ({held})" : string.Empty)} until {until:yyyy-MM-dd HH:mm}Z");
}
