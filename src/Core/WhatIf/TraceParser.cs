using System.Globalization;
using static System.FormattableString;

namespace Seamless.Core.WhatIf;

/// <summary>
/// Parses a CSV trace: a header naming the columns <c>minute</c> and <c>value</c> (any order; further
/// columns ignored), then rows with a whole minute (strictly increasing; "5.0" reads as 5) and a non-negative value. Instead of
/// <c>minute</c> a <c>timestamp</c> column (ISO 8601 date and time, UTC unless it states an offset — a metrics export,
/// or a public trace such as the Numenta Anomaly Benchmark's) gives each row's minute counted from the first row's
/// timestamp (seconds dropped: rows at 21:42:53 and 21:47:53 are minutes 0 and 5). Timestamped rows finer than a minute
/// (a 10- or 30-second export) are averaged into the minute they fall in, and the note says how many were; an integer
/// <c>minute</c> column must still increase, since a repeated minute there is a fault in the file, not a finer sample.
/// A row whose value is empty, NaN, NA, null or None is a missing sample: its minute holds the previous value, as a
/// missing row's does. The row spacing (greatest common divisor of the minute gaps) is the resolution; coarser traces,
/// e.g. five-minute ones, hold each value until the next row (for the last row: one resolution), so
/// the replay still runs minute by minute — the report's note says so.
/// Timestamps without an offset are read on a local clock, and an export on such a clock carries its daylight-saving
/// changes (<see cref="LocalClock"/>): where the samples of the hour the clock skipped are all stamped with the time after
/// it (the Numenta Anomaly Benchmark's EC2 series: twelve five-minute rows at 2014-03-09 03:00:00 after 01:56:00), they
/// are placed at the file's spacing in the gap before that stamp; where the clock repeats an hour (the stamps step back,
/// or rows whole hours apart repeat one), the repeat is read as the hour after. Only between 00:00 and 04:00 of the clock and at most once in <see cref="LocalClock.MinimumDaysApart"/>
/// days; any other timestamp that does not advance is an error, and the note counts the rows read so.
/// </summary>
public static class TraceParser
{
    // How exports write a sample that has no value: pandas and R write an empty cell or NaN / NA, JSON-minded tools null.
    private static readonly string[] MissingMarkers = ["NaN", "NA", "null", "None"];

    /// <summary>Parses the CSV text.</summary>
    /// <param name="csvContent">The file content.</param>
    /// <param name="name">A label for reports.</param>
    /// <returns>The per-minute trace.</returns>
    /// <exception cref="FormatException">The header or a row is invalid; the message names the line.</exception>
    public static Trace Parse(string csvContent, string name = "trace")
    {
        ArgumentNullException.ThrowIfNull(csvContent);
        ArgumentNullException.ThrowIfNull(name);

        using var reader = new StringReader(csvContent);
        var lineNumber = 0;
        string? line;
        do
        {
            line = reader.ReadLine();
            lineNumber++;
        }
        while (line is not null && string.IsNullOrWhiteSpace(line));

        if (line is null)
        {
            throw new FormatException("The trace is empty; expected a header 'minute,value'.");
        }

        var header = line.Split(',').Select(h => h.Trim().Trim('"')).ToList();
        var minuteColumn = header.FindIndex(h => h.Equals("minute", StringComparison.OrdinalIgnoreCase));
        var timestamped = minuteColumn < 0;
        if (timestamped)
        {
            minuteColumn = header.FindIndex(h => h.Equals("timestamp", StringComparison.OrdinalIgnoreCase));
        }

        var valueColumn = header.FindIndex(h => h.Equals("value", StringComparison.OrdinalIgnoreCase));
        if (minuteColumn < 0 || valueColumn < 0)
        {
            throw new FormatException(Invariant($"Line {lineNumber}: the header must name the columns 'minute' (or 'timestamp') and 'value' (found '{line}')."));
        }

        DateTimeOffset? first = null;
        DateTimeOffset? previous = null;

        var clock = new LocalClock();
        var minutes = new List<long>();
        var values = new List<double>();
        var rowsInLastMinute = 0;
        var merged = 0;
        var missingValues = 0;
        long resolution = 0;
        long? lastRowMinute = null;

        // The row before the latest and the spacing before the latest row counted: a skipped hour's run moves the latest
        // row back to one spacing after the row before it.
        long? minuteBeforeLastRow = null;
        long resolutionBeforeLastRow = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length <= Math.Max(minuteColumn, valueColumn))
            {
                throw new FormatException(Invariant($"Line {lineNumber}: expected at least {Math.Max(minuteColumn, valueColumn) + 1} columns."));
            }

            long minute;
            if (timestamped)
            {
                var cell = cells[minuteColumn].Trim().Trim('"');
                if (!DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var at))
                {
                    throw new FormatException(Invariant($"Line {lineNumber}: timestamp '{cell}' is not a date and time (ISO 8601, e.g. 2015-02-26 21:42:53)."));
                }

                var local = !HasOffset(cell);
                at = clock.Read(at);
                if (at > previous || previous is null)
                {
                    first ??= at;
                    previous = at;
                    minute = MinutesSince(first.Value, at);
                }
                else if (local && minuteBeforeLastRow is { } before && clock.SkippedHour(at, previous.Value, resolutionBeforeLastRow) is { } run)
                {
                    // The skipped hour's samples, all stamped with the time after it: the first of them (the row above)
                    // moves back to one spacing after the row before it, and each of the others follows at that spacing.
                    var spacing = run.First ? resolutionBeforeLastRow : resolution;
                    var moved = before + spacing;
                    var placed = (run.First ? moved : lastRowMinute!.Value) + spacing;
                    if (placed <= MinutesSince(first!.Value, at))
                    {
                        if (run.First)
                        {
                            if (minutes.Count > 0 && minutes[^1] == lastRowMinute)
                            {
                                minutes[^1] = moved;
                            }

                            lastRowMinute = moved;
                            resolution = spacing;
                        }

                        clock.PlaceSkippedHourRow(at, run);
                        minute = placed;
                    }
                    else if (run.First && clock.RepeatedHour(ref at, previous.Value, spacing))
                    {
                        // No gap before it to hold a skipped hour: rows an hour or more apart repeat a stamp where the clock
                        // repeats an hour.
                        previous = at;
                        minute = MinutesSince(first.Value, at);
                    }
                    else
                    {
                        throw new FormatException(Invariant($"Line {lineNumber}: timestamp '{cell}' repeats the row above's more often than the gap before it holds rows {spacing} minute(s) apart; rows must be in time order, each timestamp once."));
                    }
                }
                else if (local && clock.RepeatedHour(ref at, previous.Value, resolution))
                {
                    previous = at;
                    minute = MinutesSince(first!.Value, at);
                }
                else
                {
                    throw new FormatException(Invariant($"Line {lineNumber}: timestamp '{cell}' does not follow the row above's; rows must be in time order, each timestamp once (a daylight-saving change of a clock without an offset is read only between 00:00 and 04:00, once in {LocalClock.MinimumDaysApart} days)."));
                }
            }
            else if (!TryParseMinute(cells[minuteColumn].Trim().Trim('"'), out minute) || minute < 0)
            {
                throw new FormatException(Invariant($"Line {lineNumber}: minute '{cells[minuteColumn]}' is not a non-negative integer."));
            }
            else if (minute <= lastRowMinute)
            {
                // An integer minute column must increase: a repeated minute there is a fault in the file.
                throw new FormatException(Invariant($"Line {lineNumber}: minute {minute} does not follow {lastRowMinute}; minutes must increase."));
            }

            var valueCell = cells[valueColumn].Trim().Trim('"');
            var missing = valueCell.Length == 0 || MissingMarkers.Contains(valueCell, StringComparer.OrdinalIgnoreCase);
            double value = 0;
            if (!missing && (!double.TryParse(valueCell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value) || value < 0))
            {
                throw new FormatException(Invariant($"Line {lineNumber}: value '{cells[valueColumn]}' is not a finite non-negative number (an empty cell, NaN, NA, null or None is a missing sample)."));
            }

            if (missing)
            {
                // A missing sample: its minute holds the previous value, as a missing row does.
                missingValues++;
                (minuteBeforeLastRow, resolutionBeforeLastRow) = (lastRowMinute, resolution);
                resolution = Gcd(resolution, minute - (lastRowMinute ?? minute));
                lastRowMinute = minute;
                continue;
            }

            if (minutes.Count > 0 && minute == minutes[^1])
            {
                // A timestamped row finer than a minute (integer minutes increase): the minute's value is the mean of its rows.
                rowsInLastMinute++;
                values[^1] += (value - values[^1]) / rowsInLastMinute;
                merged++;
                continue;
            }

            minutes.Add(minute);
            values.Add(value);
            rowsInLastMinute = 1;
            (minuteBeforeLastRow, resolutionBeforeLastRow) = (lastRowMinute, resolution);
            resolution = Gcd(resolution, minute - (lastRowMinute ?? minute));
            lastRowMinute = minute;
        }

        if (minutes.Count == 0)
        {
            throw new FormatException(missingValues > 0 ? "The trace has no values: every row's is missing." : "The trace has a header but no rows.");
        }

        if (values.TrueForAll(v => v == 0))
        {
            throw new FormatException("Every value is 0: the trace has no demand to replay.");
        }

        return Expand(name, minutes, values, resolution, merged, missingValues, clock);
    }

    // Whole minutes from the first row's stamp (seconds dropped).
    private static long MinutesSince(DateTimeOffset first, DateTimeOffset at) => (long)Math.Floor((at - first).TotalMinutes);

    // A whole number of minutes, also as a tool that writes a column with a missing cell as floating point writes it ("5.0").
    private static bool TryParseMinute(string cell, out long minute)
    {
        if (long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out minute))
        {
            return true;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == Math.Floor(value) && Math.Abs(value) < (1L << 53))
        {
            minute = (long)value;
            return true;
        }

        return false;
    }

    // An ISO 8601 time states its offset with Z or a sign after the time ("…T10:00:00+02:00", "… 10:00:00Z"); without one
    // the time is a local clock's.
    private static bool HasOffset(string cell)
    {
        var time = cell.IndexOf(':', StringComparison.Ordinal);
        return time >= 0 && cell.AsSpan(time).IndexOfAny("Zz+-") >= 0;
    }

    // The resolution is the spacing of every row's minute, those without a value included: a one-minute trace with
    // every other value missing is still a one-minute trace.
    private static Trace Expand(string name, List<long> minutes, List<double> values, long resolution, int merged, int missingValues, LocalClock clock)
    {
        resolution = Math.Max(1, resolution);
        var gaps = 0L;
        var demand = new List<double>();
        for (var i = 0; i < minutes.Count; i++)
        {
            var span = i + 1 < minutes.Count ? minutes[i + 1] - minutes[i] : resolution;
            if (span > resolution)
            {
                gaps += span - resolution;
            }

            for (var m = 0; m < span; m++)
            {
                demand.Add(values[i]);
            }
        }

        var note = resolution == 1
            ? "1-minute trace: replayed as is."
            : Invariant($"{resolution}-minute trace: each value held for {resolution} minutes (no interpolation).");
        if (gaps > 0)
        {
            note += Invariant($" {gaps} minute(s) missing between rows hold the previous value.");
        }

        if (merged > 0)
        {
            note += Invariant($" {merged} row(s) finer than a minute averaged with the earlier rows of their minute.");
        }

        if (clock.SkippedHourRows > 0)
        {
            note += Invariant($" {clock.SkippedHourRows} row(s) stamped with the time after a daylight-saving change's skipped hour placed in that hour at the file's spacing.");
        }

        if (clock.RepeatedHours > 0)
        {
            note += Invariant($" {clock.RepeatedHours} hour(s) a daylight-saving change repeated read as the hour after.");
        }

        if (missingValues > 0)
        {
            note += Invariant($" {missingValues} row(s) without a value (an empty cell, NaN, NA, null or None) read as missing.");
        }

        return new Trace(name, demand, (int)resolution, minutes.Count + merged + missingValues, note);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
