namespace Seamless.Core.WhatIf;

/// <summary>
/// The daylight-saving changes of a trace stamped on a local clock (timestamps without an offset), read as they were
/// exported. Where the clock skips an hour, some exports stamp that hour's samples with the time after it (a run of rows
/// sharing one stamp at the end of an hour-long gap); where it repeats an hour, the stamps step back by up to an hour and
/// run on. A change is read only between 00:00 and 04:00 of the clock, where every daylight-saving rule places it, and at
/// most once in <see cref="MinimumDaysApart"/> days, so rows out of order at any other time stay an error.
/// </summary>
internal sealed class LocalClock
{
    /// <summary>The fewest days between two changes read (they come twice a year).</summary>
    public const int MinimumDaysApart = 30;

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan ChangeHoursEnd = TimeSpan.FromHours(4);

    // The hours the clock repeated so far, added to every later stamp.
    private TimeSpan _repeated;
    private DateTimeOffset? _lastChange;

    // The stamp the current skipped hour's rows share.
    private DateTimeOffset? _skippedHourStamp;

    /// <summary>Gets the rows of skipped hours placed in them.</summary>
    public int SkippedHourRows { get; private set; }

    /// <summary>Gets the hours read as the hour after a repeat.</summary>
    public int RepeatedHours { get; private set; }

    /// <summary>Reads a stamp: the hours the clock repeated before it are added.</summary>
    /// <param name="at">The stamp as written.</param>
    /// <returns>The stamp on a clock that never repeats.</returns>
    public DateTimeOffset Read(DateTimeOffset at) => at + _repeated;

    /// <summary>
    /// Whether a row stamped like the row above may be one of a skipped hour's samples: the stamp is within the change's
    /// hours, the rows before had a spacing, and no other change was read within <see cref="MinimumDaysApart"/> days.
    /// Whether the gap holds it is the caller's to check, on the minutes it places; it then places it
    /// (<see cref="PlaceSkippedHourRow"/>).
    /// </summary>
    /// <param name="at">The row's stamp (read).</param>
    /// <param name="previous">The row above's stamp (read).</param>
    /// <param name="spacing">The rows' spacing in minutes before the row above; 0 when not known.</param>
    /// <returns>Null when it may not; otherwise whether it would be the run's first repeat (the row above then moves back too).</returns>
    public SkippedHourRow? SkippedHour(DateTimeOffset at, DateTimeOffset previous, long spacing)
    {
        if (at != previous || spacing <= 0 || !InChangeHours(at))
        {
            return null;
        }

        var first = _skippedHourStamp != at;
        return first && !FarFromTheLastChange(at) ? null : new SkippedHourRow(first);
    }

    /// <summary>Counts a row placed in a skipped hour (with the row above, when it is the run's first repeat).</summary>
    /// <param name="at">The run's stamp.</param>
    /// <param name="row">The row, as <see cref="SkippedHour"/> found it.</param>
    public void PlaceSkippedHourRow(DateTimeOffset at, SkippedHourRow row)
    {
        if (row.First)
        {
            _skippedHourStamp = at;
            _lastChange = at;
            SkippedHourRows++;
        }

        SkippedHourRows++;
    }

    /// <summary>
    /// Whether a stamp that steps back from the row above's by at most an hour, within the change's hours, is an hour the
    /// clock repeated: when it is, this and every later stamp read an hour later. Rows whole hours apart repeat the row
    /// above's stamp there.
    /// </summary>
    /// <param name="at">The row's stamp (read); an hour later when it is.</param>
    /// <param name="previous">The row above's stamp (read).</param>
    /// <param name="spacing">The rows' spacing in minutes (0 when not known).</param>
    /// <returns>Whether it is.</returns>
    public bool RepeatedHour(ref DateTimeOffset at, DateTimeOffset previous, long spacing)
    {
        var back = at < previous || (at == previous && spacing > 0 && spacing % (long)Hour.TotalMinutes == 0);
        if (!back || at + Hour <= previous || !InChangeHours(previous) || !InChangeHours(at) || !FarFromTheLastChange(previous))
        {
            return false;
        }

        _repeated += Hour;
        _lastChange = previous;
        RepeatedHours++;
        at += Hour;
        return true;
    }

    // On the clock as written: the hours read later after a repeat do not move a change out of its hours.
    private bool InChangeHours(DateTimeOffset at) => (at - _repeated).TimeOfDay <= ChangeHoursEnd;

    private bool FarFromTheLastChange(DateTimeOffset at) => _lastChange is not { } last || at - last >= TimeSpan.FromDays(MinimumDaysApart);
}

/// <summary>A row of a skipped hour.</summary>
/// <param name="First">Whether it is the run's first repeat: the row above, the run's first row, moves back with it.</param>
internal readonly record struct SkippedHourRow(bool First);
