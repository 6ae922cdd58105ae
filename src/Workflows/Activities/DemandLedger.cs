using Seamless.Core.Model;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Workflows.Activities;

/// <summary>
/// One plan's demand (busy and serving instances per minute) kept between learning passes, by clock hour, so each hourly
/// pass reads from Azure Monitor only the hours it has not read yet or that were still settling, instead of the whole
/// learning window again. An hour is settled when it ended at least <see cref="SettleTime"/> before the read (Azure Monitor
/// may still add late buckets to a younger one); unsettled hours are read again. Thread-safe.
/// </summary>
public sealed class DemandLedger
{
    /// <summary>How long after its end an hour's metrics are taken as final.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMinutes(15);

    /// <summary>The longest single read (a day of per-instance minutes per query).</summary>
    public static readonly TimeSpan MaxRead = TimeSpan.FromDays(1);

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly Dictionary<DateTimeOffset, HourSlot> _hours = [];
    private readonly Lock _gate = new();

    /// <summary>The reads [from, to) that bring [<paramref name="from"/>, <paramref name="to"/>) up to date: whole hours, at most <see cref="MaxRead"/> each.</summary>
    /// <param name="from">The first minute wanted.</param>
    /// <param name="to">The end (exclusive) wanted.</param>
    /// <returns>The reads, oldest first; empty when every hour is settled here.</returns>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Missing(DateTimeOffset from, DateTimeOffset to)
    {
        var reads = new List<(DateTimeOffset From, DateTimeOffset To)>();
        lock (_gate)
        {
            for (var hour = HourOf(from); hour < to; hour += Hour)
            {
                if (_hours.TryGetValue(hour, out var known) && known.Settled)
                {
                    continue;
                }

                var end = hour + Hour < to ? hour + Hour : to;
                if (reads.Count > 0 && reads[^1].To == hour && end - reads[^1].From <= MaxRead)
                {
                    reads[^1] = (reads[^1].From, end);
                }
                else
                {
                    reads.Add((hour, end));
                }
            }
        }

        return reads;
    }

    /// <summary>Records a read of [<paramref name="from"/>, <paramref name="to"/>) made at <paramref name="readAt"/>.</summary>
    /// <param name="metrics">What Azure Monitor answered.</param>
    /// <param name="from">The read's first minute (an hour boundary).</param>
    /// <param name="to">The read's end (exclusive).</param>
    /// <param name="readAt">When the read was made.</param>
    /// <param name="asked">What the saturated minutes asked for, aligned with the metrics' minutes (<see cref="HeadroomReader.Asked"/>); null when none was saturated.</param>
    public void Record(PlanMetrics metrics, DateTimeOffset from, DateTimeOffset to, DateTimeOffset readAt, IReadOnlyList<double?>? asked = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var (busy, serving) = HeadroomReader.PerMinute(metrics);
        lock (_gate)
        {
            for (var hour = HourOf(from); hour < to; hour += Hour)
            {
                // A partial hour (the read ended inside it) is never settled: its later minutes are still to come.
                var settled = hour + Hour <= to && hour + Hour + SettleTime <= readAt;
                _hours[hour] = new HourSlot(settled);
            }

            for (var i = 0; i < metrics.Minutes.Count; i++)
            {
                var at = metrics.Minutes[i].Timestamp;
                if (at >= from && at < to && _hours.TryGetValue(HourOf(at), out var slot))
                {
                    var minute = (int)(at - HourOf(at)).TotalMinutes;
                    slot.Set(minute, busy[i], serving[i]);
                    if (asked is not null && i < asked.Count && asked[i] is { } a)
                    {
                        // Most hours have no saturated minute: their asked minutes are not kept at all.
                        (slot.Asked ??= new double?[60])[minute] = a;
                    }
                }
            }
        }
    }

    /// <summary>The demand history of [<paramref name="from"/>, <paramref name="to"/>) from what was recorded (null where nothing was).</summary>
    /// <param name="from">The first minute.</param>
    /// <param name="to">The end (exclusive), a whole minute.</param>
    /// <returns>The history.</returns>
    public DemandHistory History(DateTimeOffset from, DateTimeOffset to)
    {
        var slots = new double?[Math.Max(0, (int)(to - from).TotalMinutes)];
        var asked = new double?[slots.Length];
        var serving = new int?[slots.Length];
        lock (_gate)
        {
            for (var i = 0; i < slots.Length; i++)
            {
                var at = from.AddMinutes(i);
                if (_hours.TryGetValue(HourOf(at), out var slot))
                {
                    var minute = (int)(at - HourOf(at)).TotalMinutes;
                    slots[i] = slot.BusyAt(minute);
                    asked[i] = slot.Asked?[minute];
                    serving[i] = slot.ServingAt(minute);
                }
            }
        }

        return new DemandHistory(to, slots) { Asked = asked, Serving = serving };
    }

    /// <summary>The history of [<paramref name="from"/>, <paramref name="to"/>): what was recorded, with a newer read laid over it.</summary>
    /// <param name="from">The first minute.</param>
    /// <param name="to">The end (exclusive), a whole minute.</param>
    /// <param name="latest">A read of the latest minutes (not recorded: it is still settling).</param>
    /// <param name="latestAsked">What its saturated minutes asked for, aligned with its minutes; null when none was saturated.</param>
    /// <returns>The history.</returns>
    public DemandHistory History(DateTimeOffset from, DateTimeOffset to, PlanMetrics latest, IReadOnlyList<double?>? latestAsked = null)
    {
        ArgumentNullException.ThrowIfNull(latest);
        var recorded = History(from, to);
        var slots = recorded.Busy.ToArray();
        var asked = recorded.Asked!.ToArray();
        var serving = recorded.Serving!.ToArray();
        var (busy, instances) = HeadroomReader.PerMinute(latest);
        for (var i = 0; i < latest.Minutes.Count; i++)
        {
            var slot = (int)(latest.Minutes[i].Timestamp - from).TotalMinutes;
            if (slot >= 0 && slot < slots.Length)
            {
                slots[slot] = busy[i];
                asked[slot] = latestAsked is not null && i < latestAsked.Count ? latestAsked[i] : null;
                serving[slot] = instances[i];
            }
        }

        return new DemandHistory(to, slots) { Asked = asked, Serving = serving };
    }

    /// <summary>The settled hours recorded of one UTC day, oldest first (empty when none is): what a store may keep of it.</summary>
    /// <param name="day">The day.</param>
    /// <returns>The day's settled hours.</returns>
    public LedgerDay SettledDay(DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var hours = new List<LedgerHour>();
        lock (_gate)
        {
            for (var h = 0; h < 24; h++)
            {
                if (_hours.TryGetValue(start.AddHours(h), out var slot) && slot.Settled)
                {
                    hours.Add(new LedgerHour(
                        h,
                        [.. Enumerable.Range(0, 60).Select(slot.BusyAt)],
                        [.. Enumerable.Range(0, 60).Select(slot.ServingAt)],
                        slot.Asked is { } asked ? [.. asked] : null));
                }
            }
        }

        return new LedgerDay(day, hours);
    }

    /// <summary>
    /// Takes the settled hours of a day another process recorded (a store's copy) where this ledger has no settled hour of
    /// its own: settled hours are final, so either copy is the same metrics.
    /// </summary>
    /// <param name="day">The day's settled hours.</param>
    /// <returns>How many hours were taken.</returns>
    /// <exception cref="ArgumentException">The day is malformed (<see cref="LedgerDay.Validate"/>): nothing is taken.</exception>
    public int Restore(LedgerDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (day.Validate() is { } problem)
        {
            throw new ArgumentException($"The ledger day {day.Day:yyyy-MM-dd} is malformed: {problem}.", nameof(day));
        }

        var start = new DateTimeOffset(day.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var taken = 0;
        lock (_gate)
        {
            foreach (var hour in day.Hours)
            {
                var at = start.AddHours(hour.Hour);
                if (_hours.TryGetValue(at, out var known) && known.Settled)
                {
                    continue;
                }

                var slot = new HourSlot(settled: true);
                for (var m = 0; m < 60; m++)
                {
                    slot.Set(m, hour.Busy[m], hour.Serving[m]);
                }

                if (hour.Asked is { } asked && asked.Any(a => a is not null))
                {
                    slot.Asked = [.. asked];
                }

                _hours[at] = slot;
                taken++;
            }
        }

        return taken;
    }

    /// <summary>Drops the hours that end before <paramref name="from"/> (outside every later learning window).</summary>
    /// <param name="from">The first minute still wanted.</param>
    public void Forget(DateTimeOffset from)
    {
        lock (_gate)
        {
            foreach (var hour in _hours.Keys.Where(h => h + Hour <= from).ToList())
            {
                _hours.Remove(hour);
            }
        }
    }

    /// <summary>
    /// One clock hour: busy and serving instances per minute, what saturated minutes asked (only once one did), whether it
    /// is final. A plan holds about 264 of them (eleven days), so a missing minute is NaN or -1 rather than a nullable:
    /// 600 bytes of minutes an hour instead of 1,440 (0.43 MB a plan measured with nullables).
    /// </summary>
    private sealed class HourSlot(bool settled)
    {
        private readonly double[] _busy = [.. Enumerable.Repeat(double.NaN, 60)];
        private readonly short[] _serving = [.. Enumerable.Repeat((short)-1, 60)];

        public double?[]? Asked { get; set; }

        public bool Settled { get; } = settled;

        public double? BusyAt(int minute) => double.IsNaN(_busy[minute]) ? null : _busy[minute];

        public int? ServingAt(int minute) => _serving[minute] < 0 ? null : _serving[minute];

        public void Set(int minute, double? busy, int? serving)
        {
            _busy[minute] = busy ?? double.NaN;
            _serving[minute] = serving is { } s ? (short)Math.Clamp(s, 0, short.MaxValue) : (short)-1;
        }
    }

    private static DateTimeOffset HourOf(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

/// <summary>The settled hours of one UTC day of a plan's demand, as a store keeps them (<see cref="DemandLedger.SettledDay"/>).</summary>
/// <param name="Day">The UTC day.</param>
/// <param name="Hours">Its settled hours, each at most once.</param>
public sealed record LedgerDay(DateOnly Day, IReadOnlyList<LedgerHour> Hours)
{
    /// <summary>What makes a stored copy unusable (null when it is well formed): hours outside the day or twice, minutes not 60, a negative or non-finite value.</summary>
    /// <returns>The first problem, or null.</returns>
    public string? Validate()
    {
        if (Hours is null)
        {
            return "no hours";
        }

        var seen = new HashSet<int>();
        foreach (var hour in Hours)
        {
            if (hour is null || hour.Hour is < 0 or > 23 || !seen.Add(hour.Hour))
            {
                return "an hour outside the day or twice";
            }

            if (hour.Busy is not { Count: 60 } || hour.Serving is not { Count: 60 } || hour.Asked is { Count: not 60 })
            {
                return $"hour {hour.Hour}: not 60 minutes";
            }

            if (hour.Busy.Any(b => b is { } v && (!double.IsFinite(v) || v < 0))
                || hour.Serving.Any(s => s is < 0)
                || (hour.Asked?.Any(a => a is { } v && (!double.IsFinite(v) || v < 0)) ?? false))
            {
                return $"hour {hour.Hour}: a negative or non-finite value";
            }
        }

        return null;
    }
}

/// <summary>One settled hour of a plan's demand: per minute, the busy instances, the instances serving and (only once a minute saturated) what it asked for; null where no data was.</summary>
/// <param name="Hour">The hour of the UTC day, 0–23.</param>
/// <param name="Busy">Busy instances, 60 minutes.</param>
/// <param name="Serving">Instances serving, 60 minutes.</param>
/// <param name="Asked">What saturated minutes asked for, 60 minutes; null when none was saturated.</param>
public sealed record LedgerHour(int Hour, IReadOnlyList<double?> Busy, IReadOnlyList<int?> Serving, IReadOnlyList<double?>? Asked);
