namespace Seamless.Core.ScaleIn.Headroom;

/// <summary>
/// A plan's demand, one value per minute, oldest first: busy instances (plan CPU % × instances / 100, the
/// instances' worth of CPU in use). Null marks a minute without data. The last value is the latest complete minute.
/// Saturated minutes may also carry what they asked for (<see cref="Asked"/>).
/// </summary>
/// <param name="End">The time just after the last minute (the first minute starts at <c>End − Busy.Count</c> minutes).</param>
/// <param name="Busy">Busy instances per minute; null where Azure Monitor has no data.</param>
public sealed record DemandHistory(DateTimeOffset End, IReadOnlyList<double?> Busy)
{
    /// <summary>
    /// Gets the busy instances each minute asked for where it differs from what the CPU showed: a saturated minute's
    /// requests turned away (<see cref="SaturatedDemand.Asked"/>); null, or a null entry, where the CPU shows the demand.
    /// The level reads it (<see cref="LevelAt(int, int)"/>), so the seasonal term pre-scales a rise met late yesterday to
    /// what it asked and the planner's hold keeps a burst that saturated the plan at its height, not at what was served; a
    /// saturated plan steps to it, and the learner judges its candidates against it (and replays them on
    /// <see cref="ServedLevels"/>).
    /// </summary>
    public IReadOnlyList<double?>? Asked { get; init; }

    /// <summary>
    /// Gets the instances serving each minute (those the per-instance CPU shows); null, or a null entry, where unknown.
    /// With it <see cref="OverloadedMinutesSeen"/> reads each minute's utilisation as it was (what it asked over the
    /// instances serving) instead of estimating the capacity from the saturated minutes.
    /// </summary>
    public IReadOnlyList<int?>? Serving { get; init; }

    /// <summary>Gets the minutes of the history.</summary>
    public int Minutes => Busy.Count;

    /// <summary>Gets the minutes that have data.</summary>
    public int Covered => Busy.Count(v => v is { } b && double.IsFinite(b));

    /// <summary>
    /// The demand level at minute t: the mean of what the minutes with data asked for (<see cref="AskedAt"/>: what the
    /// CPU showed, or more where a saturated minute turned requests away) among the last
    /// <see cref="HeadroomLearner.LevelMinutes"/> up to t (the same trailing mean the overload promise is judged on);
    /// null when none of them has data.
    /// </summary>
    /// <param name="t">The minute index.</param>
    /// <returns>The level, or null.</returns>
    public double? LevelAt(int t) => LevelOf(AskedAt, t, HeadroomLearner.LevelMinutes);

    /// <summary>
    /// The demand level at minute t over a trailing mean of <paramref name="width"/> minutes (<see cref="HeadroomSetting.LevelMinutes"/>).
    /// Read on what was served, a burst that saturated the plan was remembered at the plan's size then: a hold kept it
    /// there, and the plan scaled in before the next one came (a real auto-scaling group's CPU outside the repository:
    /// 5-minute spikes of 4–7 busy on a plan of 2–3, two hours apart, docs/benchmarks.md).
    /// </summary>
    /// <param name="t">The minute index.</param>
    /// <param name="width">Minutes of the trailing mean.</param>
    /// <returns>The level, or null when none of those minutes has data.</returns>
    public double? LevelAt(int t, int width) => LevelOf(AskedAt, t, width);

    /// <summary>The busy instances minute t asked for: <see cref="Asked"/> where known and higher, else <see cref="Busy"/>.</summary>
    /// <param name="t">The minute index.</param>
    /// <returns>The value, or null without data.</returns>
    public double? AskedAt(int t) =>
        BusyAt(t) is not { } busy ? null
        : Asked is { } asked && t < asked.Count && asked[t] is { } a && double.IsFinite(a) ? Math.Max(busy, a)
        : busy;

    /// <summary>The level of every minute (<see cref="LevelAt"/>); a stretch without data repeats the level before it (0 at the start).</summary>
    /// <returns>One level per minute.</returns>
    public double[] Levels() => LevelsOf(LevelAt);

    /// <summary>The level of every minute over a trailing mean of <paramref name="width"/> minutes (<see cref="LevelAt(int, int)"/>).</summary>
    /// <param name="width">Minutes of the trailing mean.</param>
    /// <returns>One level per minute.</returns>
    public double[] Levels(int width) => LevelsOf(t => LevelAt(t, width));

    /// <summary>
    /// The level of what the CPU showed (<see cref="Busy"/>, not <see cref="Asked"/>) every minute, over a trailing mean of
    /// <paramref name="width"/> minutes: what the learner's replay sizes its candidates on (<see cref="HeadroomLearner"/>
    /// says why). Equal to <see cref="Levels(int)"/> where no minute was saturated.
    /// </summary>
    /// <param name="width">Minutes of the trailing mean.</param>
    /// <returns>One level per minute; a stretch without data repeats the level before it (0 at the start).</returns>
    public double[] ServedLevels(int width) => LevelsOf(t => LevelOf(BusyAt, t, width));

    /// <summary>
    /// The minutes from <paramref name="from"/> on that users felt, as far as the metrics tell: the trailing 5-minute mean
    /// utilisation above 100 %. A minute's utilisation is what it asked (<see cref="AskedAt"/>) over the instances serving
    /// it (<see cref="Serving"/>) where those are known. Where they are not it is estimated: a saturated minute's is what it
    /// asked over its busy instances (CPU at 100 %: they are the instances serving), and any other minute's its busy
    /// instances over the largest saturated minute's of those five, at most 100 %. A stretch without a saturated minute was
    /// carried. Reading every minute against the saturated minutes' capacity counted the minutes after a scale-out served
    /// as overloaded too: on nasa about twice the overload there was (the plan learned on all its history in 542 of 662
    /// learnings; capped at 100 %, 423; read against the instances serving, exactly as the replay counts it, 280).
    /// </summary>
    /// <param name="from">The first minute counted.</param>
    /// <returns>The overloaded minutes seen.</returns>
    public int OverloadedMinutesSeen(int from) => OverloadedMinutes(from).Count(overloaded => overloaded);

    /// <summary>
    /// Which minutes users felt, as <see cref="OverloadedMinutesSeen"/> counts them: one flag per minute of the history
    /// (false before <paramref name="from"/>, and for every minute when nothing says what a minute asked for).
    /// </summary>
    /// <param name="from">The first minute read: the trailing mean reaches no further back.</param>
    /// <returns>One flag per minute.</returns>
    public bool[] OverloadedMinutes(int from)
    {
        var flags = new bool[Minutes];
        if (Asked is null)
        {
            return flags;
        }

        for (var t = Math.Max(0, from); t < Minutes; t++)
        {
            var start = Math.Max(from, t - HeadroomLearner.LevelMinutes + 1);
            var capacity = 0.0;
            for (var i = start; i <= t; i++)
            {
                if (BusyAt(i) is { } busy && AskedAt(i) > busy + 1e-9)
                {
                    capacity = Math.Max(capacity, busy);
                }
            }

            if (capacity <= 0)
            {
                continue;
            }

            var sum = 0.0;
            var count = 0;
            for (var i = start; i <= t; i++)
            {
                if (BusyAt(i) is { } busy && AskedAt(i) is { } asked)
                {
                    // A saturated minute's own busy instances are its capacity; a minute that was not saturated was not
                    // overloaded, whatever capacity it had (more than the saturated minutes' once a scale-out served).
                    sum += ServingAt(i) is { } serving ? asked / serving
                        : asked > busy + 1e-9 ? asked / busy
                        : Math.Min(1, busy / capacity);
                    count++;
                }
            }

            flags[t] = count > 0 && sum / count > 1 + 1e-9;
        }

        return flags;
    }

    internal int? ServingAt(int t) => Serving is { } serving && t < serving.Count && serving[t] is { } s && s > 0 ? s : null;

    private double? BusyAt(int t) => Busy[t] is { } b && double.IsFinite(b) ? b : null;

    private static double? LevelOf(Func<int, double?> value, int t, int width)
    {
        var sum = 0.0;
        var count = 0;
        for (var i = t; i >= 0 && i > t - width; i--)
        {
            if (value(i) is { } b)
            {
                sum += Math.Max(0, b);
                count++;
            }
        }

        return count == 0 ? null : sum / count;
    }

    private double[] LevelsOf(Func<int, double?> level)
    {
        var levels = new double[Busy.Count];
        var last = 0.0;
        for (var t = 0; t < Busy.Count; t++)
        {
            last = level(t) ?? last;
            levels[t] = last;
        }

        return levels;
    }

    /// <summary>
    /// The seasonal level at minute t: the highest level over the next lead + <see cref="HeadroomLearner.LevelMinutes"/>
    /// minutes at the same time one day and seven days before; null when the history reaches back to neither. The window
    /// reaches a level's width past the lead because a rise the plan met late a day ago reads low at its start (CPU cannot
    /// read above 100 % while the added instances start, so the busy instances show what was served, not what was asked)
    /// and the trailing mean shows the served level only that many minutes later; with the lead alone a recurring jump
    /// was pre-scaled to yesterday's shortfall.
    /// </summary>
    /// <param name="level">The level of a minute (null: no data).</param>
    /// <param name="t">The minute index.</param>
    /// <param name="lead">The provisioning delay in minutes.</param>
    /// <param name="early">
    /// Minutes further ahead the window reaches on the earlier days (<see cref="HeadroomSetting.SeasonalEarlyMinutes"/>):
    /// a recurring rise that comes up to this much earlier than it did is still pre-scaled for.
    /// </param>
    /// <returns>The seasonal level, or null.</returns>
    public static double? SeasonalAt(Func<int, double?> level, int t, int lead, int early = 0)
    {
        ArgumentNullException.ThrowIfNull(level);
        double? peak = null;
        foreach (var back in SeasonalLookBacks)
        {
            var start = t - back + 1;
            for (var i = Math.Max(0, start); start >= 0 && i <= Math.Min(t - back + lead + HeadroomLearner.LevelMinutes + Math.Max(0, early), t); i++)
            {
                if (level(i) is { } l)
                {
                    peak = Math.Max(peak ?? 0, l);
                }
            }
        }

        return peak;
    }

    /// <summary>
    /// Marks the minutes at the same time of day as the <paramref name="span"/> minutes after the history's end, widened
    /// by <paramref name="margin"/> minutes either side, on every earlier day the history holds: with the history ending at
    /// 14:00, a span of 60 and a margin of 60, the minutes from 13:00 to 16:00 of each day (and the hour before 14:00 today).
    /// </summary>
    /// <param name="span">Minutes ahead of the end whose time of day is looked for.</param>
    /// <param name="margin">Minutes either side that count as the same hours.</param>
    /// <returns>One flag per minute.</returns>
    public bool[] SameHoursOfDay(int span, int margin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(span);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        var day = HeadroomLearner.Day;
        var same = new bool[Minutes];
        for (var i = 0; i < Minutes; i++)
        {
            // Minute i starts (Minutes − i) minutes before the end: that many minutes back in its day's clock, or
            // day − that many ahead of it.
            var back = (Minutes - i) % day;
            var ahead = (day - back) % day;
            same[i] = back <= margin || ahead < span + margin;
        }

        return same;
    }

    /// <summary>Gets the seasonal look-backs: a day and a week, in minutes.</summary>
    public static IReadOnlyList<int> SeasonalLookBacks { get; } = [HeadroomLearner.Day, 7 * HeadroomLearner.Day];
}
